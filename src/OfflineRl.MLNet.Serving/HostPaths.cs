using System.Text.Json;
using System.Text.RegularExpressions;

namespace OfflineRl.MLNet.Serving;

/// <summary>
/// Keeps the host's absolute paths out of what clients see: a model's metadata may record where training read its data
/// or wrote checkpoints (<c>/home/…</c>, <c>C:\…</c>), and <c>/metadata</c> answers with the last path segment only.
/// </summary>
internal static partial class HostPaths
{
    /// <summary><paramref name="text"/> with every absolute path in it replaced by its file name.</summary>
    public static string Hide(string text) =>
        string.IsNullOrEmpty(text) ? text : AbsolutePath().Replace(text, m => LastSegment(m.Value));

    /// <summary>JSON text with every absolute path in its string values hidden; text that is not JSON is treated as plain text.</summary>
    public static string HideInJson(string text)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(text);
            using var stream = new MemoryStream();
            using (var json = new Utf8JsonWriter(stream))
            {
                WriteHidden(json, document.RootElement);
            }

            return System.Text.Encoding.UTF8.GetString(stream.ToArray());
        }
        catch (JsonException)
        {
            return Hide(text);
        }
    }

    /// <summary>Writes <paramref name="element"/> with every absolute path in its strings (values and names) hidden.</summary>
    public static void WriteHidden(Utf8JsonWriter json, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                json.WriteStartObject();
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    json.WritePropertyName(Hide(property.Name));
                    WriteHidden(json, property.Value);
                }

                json.WriteEndObject();
                break;
            case JsonValueKind.Array:
                json.WriteStartArray();
                foreach (JsonElement item in element.EnumerateArray())
                {
                    WriteHidden(json, item);
                }

                json.WriteEndArray();
                break;
            case JsonValueKind.String:
                json.WriteStringValue(Hide(element.GetString()!));
                break;
            default:
                element.WriteTo(json);
                break;
        }
    }

    private static string LastSegment(string path)
    {
        string trimmed = path.TrimEnd('/', '\\');
        int cut = trimmed.LastIndexOfAny(['/', '\\']);
        return cut < 0 ? trimmed : trimmed[(cut + 1)..];
    }

    // A rooted Unix path (/x…, ~/x…), a Windows drive path (C:\… or C:/…) or a UNC path (\\server\…), starting a word:
    // "http://host/x" is not hidden (the slashes follow a colon), "a/b" is relative and stays.
    [GeneratedRegex(@"(?<=^|[\s""'=(,;\[])(?:~?/[^\s""',;)\]]+|[A-Za-z]:[\\/][^\s""',;)\]]*|\\\\[^\s""',;)\]]+)")]
    private static partial Regex AbsolutePath();
}
