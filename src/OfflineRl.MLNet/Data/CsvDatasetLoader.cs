using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace OfflineRl.MLNet.Data;

/// <summary>Loads long-format CSV logs (one row per step) through a <see cref="CsvColumnMapping"/>.</summary>
public static class CsvDatasetLoader
{
    /// <summary>Loads and validates the CSV file at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">When the file does not exist.</exception>
    /// <exception cref="DatasetValidationException">Listing every problem, each with its row and column.</exception>
    public static TrajectoryDataset Load(string path, CsvColumnMapping? mapping = null, DatasetLoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: file not found", path);
        }

        using var reader = new StreamReader(path);
        return Load(reader, options?.SourceName ?? path, mapping, options);
    }

    /// <summary>Loads CSV text from <paramref name="reader"/>; <paramref name="source"/> names it in messages.</summary>
    public static TrajectoryDataset Load(TextReader reader, string source, CsvColumnMapping? mapping = null, DatasetLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        mapping ??= new CsvColumnMapping();
        var errors = new List<string>();
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            TrimOptions = TrimOptions.Trim,
            DetectColumnCountChanges = false,
            // A stray quote is reported with its line like any other bad cell, and reading goes on to find the rest.
            BadDataFound = bad => errors.Add($"line {bad.Context.Parser?.RawRow}: a quote inside the unquoted field '{Shorten(bad.Field)}' (quote the whole field and double the quote)"),
        };
        try
        {
            return Load(reader, source, mapping, options, config, errors);
        }
        catch (CsvHelperException ex)
        {
            var line = ex.Context?.Parser?.RawRow;
            throw new DatasetValidationException(source, [$"line {line}: {ex.Message.Split('\n')[0].Trim()}"]);
        }
    }

    /// <summary>A cell as shown in a message: at most 40 characters, control characters as '?'.</summary>
    private static string Shorten(string text)
    {
        var shown = new string([.. text.Take(40).Select(c => char.IsControl(c) ? '?' : c)]);
        return text.Length <= 40 ? shown : shown + "…";
    }

    private static TrajectoryDataset Load(TextReader reader, string source, CsvColumnMapping mapping, DatasetLoadOptions? options, CsvConfiguration config, List<string> errors)
    {
        using var csv = new CsvReader(reader, config);
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is null)
        {
            throw new DatasetValidationException(source, ["the file is empty (no header row)"]);
        }

        if (errors.Count > 0)
        {
            throw new DatasetValidationException(source, errors);
        }

        var header = csv.HeaderRecord;
        var layout = Resolve(header, mapping, source);
        var obs = new List<float>();
        var next = layout.Next.Length > 0 ? new List<float>() : null;
        var actions = new List<double>();
        var rewards = new List<float>();
        var ids = new List<long>();
        var steps = layout.Step >= 0 ? new List<long>() : null;
        var terminals = layout.Terminal >= 0 ? new List<bool>() : null;
        var truncations = layout.Truncated >= 0 ? new List<bool>() : null;
        var line = 1;
        while (csv.Read())
        {
            line++;
            if (errors.Count >= 200)
            {
                continue;
            }

            var parser = csv.Parser;
            if (parser.Count != header.Length)
            {
                errors.Add($"line {line}: has {parser.Count} fields but the header has {header.Length}");
                continue;
            }

            string Cell(int i) => parser[i] ?? string.Empty;
            double Number(int i)
            {
                var text = Cell(i);
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                {
                    return v;
                }

                errors.Add($"line {line}: column '{header[i]}' is '{text}', not a number");
                return double.NaN;
            }

            bool Flag(int i)
            {
                var text = Cell(i).Trim();
                switch (text.ToUpperInvariant())
                {
                    case "1" or "TRUE" or "1.0": return true;
                    case "0" or "FALSE" or "0.0" or "": return false;
                    default:
                        errors.Add($"line {line}: column '{header[i]}' is '{text}', not a flag (0/1/true/false)");
                        return false;
                }
            }

            var idText = Cell(layout.EpisodeId);
            if (!long.TryParse(idText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
            {
                errors.Add($"line {line}: column '{header[layout.EpisodeId]}' is '{idText}', not an integer episode id");
            }

            ids.Add(id);
            if (steps is not null)
            {
                var stepText = Cell(layout.Step);
                if (!long.TryParse(stepText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var step))
                {
                    errors.Add($"line {line}: column '{header[layout.Step]}' is '{stepText}', not an integer step");
                }

                steps.Add(step);
            }

            foreach (var c in layout.Observations)
            {
                obs.Add((float)Number(c));
            }

            foreach (var c in layout.Actions)
            {
                actions.Add(Number(c));
            }

            rewards.Add((float)Number(layout.Reward));
            terminals?.Add(Flag(layout.Terminal));
            truncations?.Add(Flag(layout.Truncated));
            if (next is not null)
            {
                foreach (var c in layout.Next)
                {
                    next.Add((float)Number(c));
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new DatasetValidationException(source, errors);
        }

        var kind = mapping.ActionKind ?? options?.ActionKind;
        var integerActions = kind == ActionKind.Discrete;
        var notes = new List<string>();
        if (kind is null && layout.Actions.Length == 1 && actions.Count > 0 && actions.All(a => double.IsFinite(a) && a == Math.Floor(a) && a >= 0))
        {
            integerActions = true;
            notes.Add($"Actions were taken as discrete: the single action column '{header[layout.Actions[0]]}' holds only non-negative integers.");
        }

        var raw = new RawTrajectoryColumns
        {
            Source = source,
            ObservationDimension = layout.Observations.Length,
            ActionDimension = layout.Actions.Length,
            Observations = [.. obs],
            Actions = [.. actions],
            ActionsIntegerTyped = integerActions,
            Rewards = [.. rewards],
            Terminals = terminals?.ToArray(),
            Truncations = truncations?.ToArray(),
            NextObservations = next?.ToArray(),
            EpisodeIds = [.. ids],
            Steps = steps?.ToArray(),
            Labels = new ColumnLabels
            {
                Observation = i => $"column '{header[layout.Observations[i]]}'",
                Action = i => $"column '{header[layout.Actions[i]]}'",
                NextObservation = i => $"column '{header[layout.Next[i]]}'",
                Reward = $"column '{header[layout.Reward]}'",
                Terminal = layout.Terminal >= 0 ? $"column '{header[layout.Terminal]}'" : "terminal",
                Truncated = layout.Truncated >= 0 ? $"column '{header[layout.Truncated]}'" : "truncated",
                Step = layout.Step >= 0 ? $"column '{header[layout.Step]}'" : "step",
                EpisodeId = $"column '{header[layout.EpisodeId]}'",
            },
        };
        raw.Notes.AddRange(notes);
        return DatasetValidator.Validate(raw, options);
    }

    private static Layout Resolve(string[] header, CsvColumnMapping m, string source)
    {
        var errors = new List<string>();
        int Find(string? name, bool required, string role)
        {
            if (name is null)
            {
                return -1;
            }

            var i = Array.IndexOf(header, name);
            if (i < 0 && required)
            {
                errors.Add($"missing column '{name}' ({role}); the header has: {string.Join(", ", header)}; " +
                           "name the columns with CsvColumnMapping (the mapping flags --episode-id, --step, --obs, --action, --reward, --terminal, --truncated)");
            }

            return i;
        }

        int[] Many(IReadOnlyList<string>? names, string? prefix, string role, bool required)
        {
            if (names is not null)
            {
                return names.Select(n => Find(n, true, role)).ToArray();
            }

            var found = prefix is null ? [] : header.Select((h, i) => (h, i)).Where(p => p.h.StartsWith(prefix, StringComparison.Ordinal)).Select(p => p.i).ToArray();
            if (found.Length == 0 && required)
            {
                errors.Add($"no {role} columns: none start with '{prefix}'; the header has: {string.Join(", ", header)}");
            }

            return found;
        }

        var episode = Find(m.EpisodeId, true, "episode id");
        var step = Find(m.Step, false, "step");
        var observations = Many(m.ObservationColumns, m.ObservationPrefix, "observation", true);
        var actions = m.ActionColumns is null && Array.IndexOf(header, CsvColumnMapping.DefaultAction) >= 0
            ? [Array.IndexOf(header, CsvColumnMapping.DefaultAction)]
            : Many(m.ActionColumns, m.ActionPrefix, "action", true);
        var reward = Find(m.Reward, true, "reward");
        var terminal = Find(m.Terminal, false, "terminal");
        var truncated = Find(m.Truncated, false, "truncated");
        var next = Many(null, m.NextObservationPrefix, "next observation", false);
        if (next.Length > 0 && next.Length != observations.Length)
        {
            errors.Add($"{next.Length} next-observation columns but {observations.Length} observation columns");
        }

        if (errors.Count > 0)
        {
            throw new DatasetValidationException(source, errors);
        }

        return new Layout(episode, step, observations, actions, reward, terminal, truncated, next);
    }

    private sealed record Layout(int EpisodeId, int Step, int[] Observations, int[] Actions, int Reward, int Terminal, int Truncated, int[] Next);
}
