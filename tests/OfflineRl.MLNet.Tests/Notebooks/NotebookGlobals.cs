using System.Collections;
using System.Globalization;

namespace OfflineRl.MLNet.Tests.Notebooks;

/// <summary>
/// What a notebook cell sees besides its own code, as in the .NET Interactive C# kernel: <c>display(value)</c> and
/// <c>display(value, "mime/type")</c>. Public because Roslyn scripting binds cells to it.
/// </summary>
public sealed class NotebookGlobals
{
    private readonly Action<NotebookOutput> _emit;

    internal NotebookGlobals(Action<NotebookOutput> emit) => _emit = emit;

    /// <summary>
    /// Shows <paramref name="value"/> below the cell. With a MIME type (as .NET Interactive's <c>display(value, mimeTypes)</c>)
    /// the value's text is shown as that type; without one, SVG markup is shown as image/svg+xml and anything else as text.
    /// </summary>
    public void display(object? value, params string[] mimeTypes)
    {
        ArgumentNullException.ThrowIfNull(mimeTypes);
        var text = Format(value);
        var mime = mimeTypes.Length > 0 ? mimeTypes[0]
            : value is string s && s.TrimStart().StartsWith("<svg", StringComparison.Ordinal) ? "image/svg+xml"
            : "text/plain";
        _emit(NotebookOutput.Display(mime, text));
    }

    /// <summary>Plain-text form of a value: strings as they are, sequences as [a, b, …], numbers in the invariant culture.</summary>
    public static string Format(object? value) => value switch
    {
        null => "<null>",
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable e => "[" + string.Join(", ", e.Cast<object?>().Take(100).Select(Format)) + (e.Cast<object?>().Skip(100).Any() ? ", …]" : "]"),
        _ => value.ToString() ?? "",
    };
}
