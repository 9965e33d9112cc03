using System.Text.Json;

namespace OfflineRl.MLNet.Serving;

/// <summary>
/// Parses and validates the body of <c>POST /act</c>: <c>{"observation":[...]}</c> or <c>{"observations":[[...],...]}</c>.
/// Every problem becomes a <see cref="BadRequestException"/> with a message for the client. A name written twice is
/// refused: a proxy and this server could otherwise read different observations from the same body.
/// </summary>
internal static class ActRequestParser
{
    public static (float[] Flat, int Rows, bool Single) Parse(ReadOnlySpan<byte> body, int width, int maxRows)
    {
        if (body.IsEmpty)
        {
            throw new BadRequestException("The body is empty; send {\"observation\":[...]} or {\"observations\":[[...],...]}.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = 8, AllowDuplicateProperties = false });
        }
        catch (JsonException ex)
        {
            throw new BadRequestException($"The body is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new BadRequestException("The body must be a JSON object with \"observation\" or \"observations\".");
            }

            bool hasOne = root.TryGetProperty("observation", out JsonElement one);
            bool hasMany = root.TryGetProperty("observations", out JsonElement many);
            if (hasOne == hasMany)
            {
                throw new BadRequestException("Send exactly one of \"observation\" (one array of numbers) and \"observations\" (an array of arrays).");
            }

            if (hasOne)
            {
                var flat = new float[width];
                ReadRow(one, flat, width, "observation");
                return (flat, 1, true);
            }

            if (many.ValueKind != JsonValueKind.Array)
            {
                throw new BadRequestException("\"observations\" must be an array of arrays of numbers.");
            }

            int rows = many.GetArrayLength();
            if (rows == 0 || rows > maxRows)
            {
                throw new BadRequestException($"\"observations\" has {rows} rows; send between 1 and {maxRows}.");
            }

            var values = new float[rows * width];
            int r = 0;
            foreach (JsonElement row in many.EnumerateArray())
            {
                ReadRow(row, values.AsSpan(r * width, width), width, $"observations[{r}]");
                r++;
            }

            return (values, rows, false);
        }
    }

    private static void ReadRow(JsonElement row, Span<float> destination, int width, string what)
    {
        if (row.ValueKind != JsonValueKind.Array)
        {
            throw new BadRequestException($"{what} must be an array of {width} numbers.");
        }

        int length = row.GetArrayLength();
        if (length != width)
        {
            throw new BadRequestException($"{what} has {length} values; the model expects {width}.");
        }

        int i = 0;
        foreach (JsonElement value in row.EnumerateArray())
        {
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out double d))
            {
                throw new BadRequestException($"{what}[{i}] is {value.ValueKind}, not a number.");
            }

            float f = (float)d;
            if (!float.IsFinite(f))
            {
                throw new BadRequestException($"{what}[{i}] = {value.GetRawText()} is not a finite float32.");
            }

            destination[i++] = f;
        }
    }
}
