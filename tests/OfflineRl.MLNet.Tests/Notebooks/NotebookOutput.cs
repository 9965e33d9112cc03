using System.Text.Json.Nodes;

namespace OfflineRl.MLNet.Tests.Notebooks;

/// <summary>One output of a code cell, as nbformat 4 stores it: a stream, displayed data, the cell's result, or an error.</summary>
/// <param name="Kind">stream, display_data, execute_result or error.</param>
/// <param name="MimeType">The MIME type of <paramref name="Text"/> (text/plain, image/svg+xml; "stdout" for a stream).</param>
/// <param name="Text">The content.</param>
public sealed record NotebookOutput(string Kind, string MimeType, string Text)
{
    /// <summary>stdout text.</summary>
    public static NotebookOutput Stream(string text) => new("stream", "stdout", text);

    /// <summary>A display(...) call.</summary>
    public static NotebookOutput Display(string mimeType, string text) => new("display_data", mimeType, text);

    /// <summary>The value of the cell's last expression.</summary>
    public static NotebookOutput Result(string text) => new("execute_result", "text/plain", text);

    /// <summary>An exception or compilation error.</summary>
    public static NotebookOutput Error(string name, string message) => new("error", name, message);

    /// <summary>The nbformat JSON of this output.</summary>
    public JsonObject ToJson(int executionCount) => Kind switch
    {
        "stream" => new JsonObject { ["name"] = MimeType, ["output_type"] = "stream", ["text"] = NotebookDocument.Lines(Text) },
        "error" => new JsonObject
        {
            ["ename"] = MimeType, ["evalue"] = Text, ["output_type"] = "error", ["traceback"] = new JsonArray(Text),
        },
        "execute_result" => new JsonObject
        {
            ["data"] = new JsonObject { [MimeType] = NotebookDocument.Lines(Text) },
            ["execution_count"] = executionCount,
            ["metadata"] = new JsonObject(),
            ["output_type"] = "execute_result",
        },
        _ => new JsonObject
        {
            ["data"] = new JsonObject { [MimeType] = NotebookDocument.Lines(Text) },
            ["metadata"] = new JsonObject(),
            ["output_type"] = "display_data",
        },
    };
}
