using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OfflineRl.MLNet.Tests.Notebooks;

/// <summary>
/// An .ipynb file (nbformat 4) as JSON: its cells, their sources, and writing outputs back the way Jupyter lays the file
/// out (one-space indent, multi-line strings as lists of lines, non-ASCII and markup unescaped).
/// </summary>
public sealed class NotebookDocument
{
    /// <summary>Cell metadata key under which the runner records the hash of the source its outputs came from.</summary>
    public const string RunnerMetadataKey = "offlinerl_runner";

    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        IndentSize = 1,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private NotebookDocument(string path, JsonObject root)
    {
        Path = path;
        Root = root;
    }

    /// <summary>Where the notebook was read from.</summary>
    public string Path { get; }

    /// <summary>The whole document.</summary>
    public JsonObject Root { get; }

    /// <summary>The cells in order.</summary>
    public IReadOnlyList<JsonObject> Cells => Root["cells"]!.AsArray().Select(c => c!.AsObject()).ToList();

    /// <summary>The code cells in order.</summary>
    public IReadOnlyList<JsonObject> CodeCells => Cells.Where(c => (string?)c["cell_type"] == "code").ToList();

    /// <summary>Reads <paramref name="path"/>.</summary>
    public static NotebookDocument Load(string path) =>
        new(path, JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new InvalidDataException($"{path}: not a JSON object."));

    /// <summary>A cell's source as one string (nbformat allows a string or a list of lines).</summary>
    public static string SourceOf(JsonObject cell) => cell["source"] switch
    {
        JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
        JsonValue text => (string?)text ?? "",
        _ => "",
    };

    /// <summary>SHA-256 (hex, first 16 characters) of a cell's source, recorded next to the outputs made from it.</summary>
    public static string SourceHash(JsonObject cell) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(SourceOf(cell).Replace("\r\n", "\n", StringComparison.Ordinal))))[..16];

    /// <summary>The source hash recorded when the cell's outputs were written, or null.</summary>
    public static string? RecordedSourceHash(JsonObject cell) => (string?)cell["metadata"]?[RunnerMetadataKey]?["source_sha256"];

    /// <summary>Jupyter's multi-line string layout: a list of lines, each but the last ending in "\n".</summary>
    public static JsonArray Lines(string text)
    {
        var array = new JsonArray();
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            var next = end < 0 ? text.Length : end + 1;
            array.Add(text[start..next]);
            start = next;
        }

        return array;
    }

    /// <summary>Replaces every code cell's outputs and execution count with those of <paramref name="run"/>.</summary>
    public void WriteOutputs(NotebookRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var cells = CodeCells;
        if (cells.Count != run.Cells.Count)
        {
            throw new InvalidOperationException($"{Path}: {cells.Count} code cells, the run has {run.Cells.Count}.");
        }

        for (var i = 0; i < cells.Count; i++)
        {
            var cell = cells[i];
            var result = run.Cells[i];
            cell["execution_count"] = result.ExecutionCount;
            cell["outputs"] = new JsonArray(result.Outputs.Select(o => (JsonNode)o.ToJson(result.ExecutionCount)).ToArray());
            var metadata = cell["metadata"] as JsonObject ?? new JsonObject();
            metadata[RunnerMetadataKey] = new JsonObject { ["source_sha256"] = SourceHash(cell) };
            cell["metadata"] = metadata;
        }
    }

    /// <summary>Writes the document to <paramref name="path"/> (default: where it was read from).</summary>
    public void Save(string? path = null) =>
        File.WriteAllText(path ?? Path, Root.ToJsonString(WriteOptions).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n", new UTF8Encoding(false));
}
