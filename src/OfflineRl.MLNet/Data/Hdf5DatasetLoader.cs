using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using PureHDF;

namespace OfflineRl.MLNet.Data;

/// <summary>
/// Loads HDF5 trajectory files in D4RL's flat layout (<c>observations, actions, rewards, terminals, timeouts</c>, optional
/// <c>next_observations</c>; other entries such as <c>infos/*</c> are ignored and named in the notes) or Minari's episode
/// layout (a folder holding <c>data/main_data.hdf5</c>, whose groups <c>episode_{id}</c> hold N + 1
/// <c>observations</c>, N <c>actions</c>, <c>rewards</c>, <c>terminations</c> and <c>truncations</c>, beside
/// <c>data/metadata.json</c> with the spaces and reference scores), or d3rlpy 2's saved dataset (<c>num_episodes</c> and
/// per episode <c>observations_i</c>, <c>actions_i</c>, <c>rewards_i</c>, <c>terminated_i</c>), or d3rlpy 1's
/// (<c>MDPDataset.dump</c>: flat <c>observations, actions, rewards, terminals, episode_terminals, discrete_action</c>).
/// </summary>
/// <remarks>
/// D4RL's <c>timeouts</c> and Minari's <c>truncations</c> are read as truncated (a time limit cut the episode), their
/// <c>terminals</c> / <c>terminations</c> as terminal. Minari's observation N + 1 of each episode becomes the last step's
/// next observation. Minari's reference scores (<c>ref_min_score</c>, <c>ref_max_score</c>) are kept in the notes.
/// Only hard links are read, the only kind these layouts' writers make: a file holding a soft, external or user-defined
/// link anywhere is refused, naming the link, before any path is resolved.
/// </remarks>
public static partial class Hdf5DatasetLoader
{
    /// <summary>The episode file of a Minari dataset's <c>data</c> folder.</summary>
    internal const string MinariMainFile = "main_data.hdf5";

    /// <summary>The metadata file of a Minari dataset's <c>data</c> folder.</summary>
    internal const string MinariMetadataFile = "metadata.json";

    /// <summary>Largest metadata.json read (Minari writes a few kilobytes).</summary>
    internal const long MaxMetadataBytes = 16 << 20;

    private static readonly string[] D4rlNames =
        ["observations", "actions", "rewards", "terminals", "timeouts", "next_observations", "episode_ids", "action_count", "action_low", "action_high"];

    /// <summary>
    /// Loads and validates <paramref name="path"/>: an .hdf5/.h5 file in D4RL's, Minari's or d3rlpy's (1 or 2) layout, or a
    /// Minari dataset folder (the dataset's folder or its <c>data</c> folder).
    /// </summary>
    /// <exception cref="FileNotFoundException">When nothing exists at <paramref name="path"/>.</exception>
    /// <exception cref="DatasetValidationException">Listing every problem found.</exception>
    public static TrajectoryDataset Load(string path, DatasetLoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var source = options?.SourceName ?? path;
        string file;
        string? metadataPath = null;
        if (Directory.Exists(path))
        {
            var dataFolder = File.Exists(Path.Combine(path, "data", MinariMainFile)) ? Path.Combine(path, "data") : path;
            file = Path.Combine(dataFolder, MinariMainFile);
            if (!File.Exists(file))
            {
                throw new DatasetValidationException(source,
                    [$"not a Minari dataset folder: it holds neither data/{MinariMainFile} nor {MinariMainFile} (Minari's other storage formats are not read here)"]);
            }

            metadataPath = Path.Combine(dataFolder, MinariMetadataFile);
        }
        else if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: file not found", path);
        }
        else
        {
            file = path;
            metadataPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", MinariMetadataFile);
        }

        string? metadata = null;
        if (File.Exists(metadataPath))
        {
            var length = new FileInfo(metadataPath).Length;
            if (length > MaxMetadataBytes)
            {
                throw new DatasetValidationException(source, [$"{MinariMetadataFile} is {length} bytes; at most {MaxMetadataBytes} are read"]);
            }

            metadata = File.ReadAllText(metadataPath);
        }

        using var stream = File.OpenRead(file);
        return Load(stream, source, options, metadata);
    }

    /// <summary>
    /// Loads the HDF5 bytes in <paramref name="stream"/> (seekable); <paramref name="source"/> names them in messages and
    /// <paramref name="metadataJson"/> is a Minari metadata.json, if any.
    /// </summary>
    internal static TrajectoryDataset Load(Stream stream, string source, DatasetLoadOptions? options, string? metadataJson = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var length = stream.Length - stream.Position;
        Span<byte> head = stackalloc byte[8];
        var start = stream.Position;
        if (stream.ReadAtLeast(head, 8, throwOnEndOfStream: false) < 8 || !head.SequenceEqual(Hdf5Arrays.Signature))
        {
            throw new DatasetValidationException(source, ["not an HDF5 file (it does not start with the HDF5 signature \\x89HDF\\r\\n\\x1a\\n)"]);
        }

        // PureHDF resolves a group's links as it lists them and follows a soft link to itself until the stack
        // overflows, which kills the process; so links are listed here first, from the group structure alone.
        Hdf5Arrays.Guard(source, () => "the group structure", () =>
        {
            Hdf5LinkScanner.RefuseSymbolicLinks(stream, start, source);
            return 0;
        });
        stream.Position = start;
        var at = new StrongBox<string>("");
        var raw = Hdf5Arrays.Guard(source, () => at.Value!, () =>
        {
            using var file = H5File.Open(stream, leaveOpen: true);
            var root = Hdf5Arrays.Children(file);
            if (root.ContainsKey("num_episodes") && root.ContainsKey("columns"))
            {
                return FromD3rlpy(root, source, length, at);
            }

            if (root.ContainsKey("observations") && root.ContainsKey("discrete_action") && !root.ContainsKey("timeouts"))
            {
                return FromD3rlpy1(root, source, length, at);
            }

            if (root.ContainsKey("observations"))
            {
                return FromD4rl(root, source, length, at);
            }

            if (root.Keys.Any(k => EpisodeName().IsMatch(k)))
            {
                return FromMinari(root, source, length, ParseMetadata(metadataJson, source), at);
            }

            throw new DatasetValidationException(source,
            [
                $"unknown layout: the file's top level holds [{string.Join(", ", root.Keys.Order(StringComparer.Ordinal))}]; expected D4RL's " +
                "(observations, actions, rewards, terminals, timeouts), Minari's (groups episode_0, episode_1, …), d3rlpy 2's (columns, num_episodes, observations_0, …) " +
                "or d3rlpy 1's (observations, actions, rewards, terminals, episode_terminals, discrete_action)",
            ]);
        });
        return DatasetValidator.Validate(raw, options);
    }

    private static RawTrajectoryColumns FromD4rl(Dictionary<string, IH5Object> root, string source, long length, StrongBox<string> at)
    {
        var arrays = new Dictionary<string, NpyArray>(StringComparer.Ordinal);
        foreach (var name in D4rlNames)
        {
            if (!root.TryGetValue(name, out var item))
            {
                continue;
            }

            at.Value = $"dataset '{name}'";
            if (item is not IH5Dataset dataset)
            {
                throw new DatasetValidationException(source, [$"'{name}' is a group; D4RL's layout needs it to be a dataset"]);
            }

            arrays[name] = Hdf5Arrays.Read(dataset, $"{source}: dataset '{name}'", length);
        }

        at.Value = "";
        var raw = NpzDatasetLoader.FromD4rl(arrays, source);
        var ignored = root.Keys.Where(k => !D4rlNames.Contains(k, StringComparer.Ordinal)).Order(StringComparer.Ordinal).ToList();
        if (ignored.Count > 0)
        {
            raw.Notes.Add($"Entries not read (not part of D4RL's trajectory columns): {string.Join(", ", ignored)}.");
        }

        return raw;
    }

    private static RawTrajectoryColumns FromMinari(Dictionary<string, IH5Object> root, string source, long length, MinariMetadata metadata, StrongBox<string> at)
    {
        var errors = new List<string>();
        var notes = new List<string>(metadata.Notes);
        var episodes = new List<(long Id, IH5Object Item)>();
        var other = new List<string>();
        foreach (var (name, item) in root)
        {
            var m = EpisodeName().Match(name);
            if (m.Success && long.TryParse(m.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                episodes.Add((id, item));
            }
            else
            {
                other.Add(name);
            }
        }

        episodes.Sort((a, b) => a.Id.CompareTo(b.Id));
        if (other.Count > 0)
        {
            notes.Add($"Entries not read (not episode_{{id}} groups): {string.Join(", ", other.Order(StringComparer.Ordinal))}.");
        }

        var gathered = new MinariSteps();
        var (obs, next, actions, rewards) = (gathered.Observations, gathered.NextObservations, gathered.Actions, gathered.Rewards);
        var (terminals, truncations, ids) = (gathered.Terminations, gathered.Truncations, gathered.EpisodeIds);
        int? obsWidth = null, actWidth = null;
        bool? integerActions = null;
        foreach (var (id, item) in episodes)
        {
            var group = $"episode_{id}";
            at.Value = $"group '{group}'";
            if (item is not IH5Group episode)
            {
                errors.Add($"{group} is a dataset; Minari stores each episode as a group");
                continue;
            }

            var children = Hdf5Arrays.Children(episode);
            var missing = new[] { "observations", "actions", "rewards", "terminations", "truncations" }.Where(n => !children.ContainsKey(n)).ToList();
            if (missing.Count > 0)
            {
                errors.Add($"{group}: missing {string.Join(", ", missing.Select(n => $"'{n}'"))}");
                continue;
            }

            NpyArray? Array(string name)
            {
                at.Value = $"dataset '{group}/{name}'";
                if (children[name] is IH5Dataset d)
                {
                    return Hdf5Arrays.Read(d, $"{source}: dataset '{group}/{name}'", length);
                }

                errors.Add($"{group}/{name} is a group (a Dict or Tuple space); only Box and Discrete spaces are read");
                return null;
            }

            var o = Array("observations");
            var a = Array("actions");
            var r = Array("rewards");
            var te = Array("terminations");
            var tr = Array("truncations");
            if (o is null || a is null || r is null || te is null || tr is null)
            {
                continue;
            }

            var n = r.Rows;
            var shapeErrors = new List<string>();
            foreach (var x in new[] { o, a, r, te, tr })
            {
                if (x.Shape.Count > 2)
                {
                    shapeErrors.Add($"{group}/{ShortName(x)} has {x.Shape.Count} dimensions; at most 2 (steps × values) are read");
                }
            }

            foreach (var x in new[] { a, te, tr })
            {
                if (x.Rows != n)
                {
                    shapeErrors.Add($"{group}/{ShortName(x)} has {x.Rows} rows but rewards has {n}; every per-step dataset needs one row per step");
                }
            }

            if (o.Rows != n + 1)
            {
                shapeErrors.Add($"{group}/observations has {o.Rows} rows for {n} steps; Minari stores N + 1 observations for N steps ({n + 1} here)");
            }

            if (n == 0)
            {
                shapeErrors.Add($"{group} has no steps");
            }

            if (episode.AttributeExists("total_steps"))
            {
                var total = episode.Attribute("total_steps").Read<long>();
                if (total != n)
                {
                    shapeErrors.Add($"{group}: attribute total_steps is {total} but the episode holds {n} steps");
                }
            }

            if (obsWidth is not null && o.Width != obsWidth)
            {
                shapeErrors.Add($"{group}/observations has {o.Width} values per step but earlier episodes have {obsWidth}");
            }

            if (actWidth is not null && (a.Width != actWidth || a.IsInteger != integerActions))
            {
                shapeErrors.Add($"{group}/actions are {Describe(a)} but earlier episodes' are {actWidth} {(integerActions == true ? "integer" : "float")} values per step");
            }

            if (shapeErrors.Count > 0)
            {
                errors.AddRange(shapeErrors);
                continue;
            }

            obsWidth ??= o.Width;
            actWidth ??= a.Width;
            integerActions ??= a.IsInteger;
            var observations = o.ToFloats();
            obs.AddRange(observations.AsSpan(0, n * o.Width));
            next.AddRange(observations.AsSpan(o.Width, n * o.Width));
            actions.AddRange(a.ToDoubles());
            rewards.AddRange(r.ToFloats());
            terminals.AddRange(te.ToFlags());
            truncations.AddRange(tr.ToFlags());
            ids.AddRange(Enumerable.Repeat(id, n));
        }

        at.Value = "";
        if (metadata.TotalEpisodes is { } te2 && te2 != episodes.Count)
        {
            errors.Add($"{MinariMetadataFile} says total_episodes is {te2} but {MinariMainFile} holds {episodes.Count} episode groups");
        }

        if (metadata.TotalSteps is { } ts && errors.Count == 0 && ts != rewards.Count)
        {
            errors.Add($"{MinariMetadataFile} says total_steps is {ts} but the episodes hold {rewards.Count} steps");
        }

        if (errors.Count > 0)
        {
            throw new DatasetValidationException(source, errors);
        }

        var raw = gathered.ToColumns(source, metadata, obsWidth, actWidth, integerActions ?? false);
        raw.Notes.AddRange(notes);
        return raw;
    }

    /// <summary>The root-level dataset <paramref name="name"/>, its place recorded in <paramref name="at"/>; <paramref name="missing"/> words the refusal when there is none.</summary>
    private static NpyArray RootArray(Dictionary<string, IH5Object> root, string name, string source, long length, StrongBox<string> at, Func<string> missing)
    {
        at.Value = $"dataset '{name}'";
        return root.TryGetValue(name, out var item) && item is IH5Dataset d
            ? Hdf5Arrays.Read(d, $"{source}: dataset '{name}'", length)
            : throw new DatasetValidationException(source, [missing()]);
    }

    /// <summary>
    /// d3rlpy 2's saved dataset (<c>ReplayBuffer.dump</c>): <c>num_episodes</c>, and per episode i <c>observations_i</c>,
    /// <c>actions_i</c>, <c>rewards_i</c> (N rows each) and a scalar <c>terminated_i</c>. An episode that did not
    /// terminate ended by a time limit: its last step is truncated, and, as in d3rlpy, has no next observation, so TD
    /// losses leave it out.
    /// </summary>
    private static RawTrajectoryColumns FromD3rlpy(Dictionary<string, IH5Object> root, string source, long length, StrongBox<string> at)
    {
        NpyArray Array(string name) => RootArray(root, name, source, length, at, () => root.ContainsKey($"{name}_0")
            ? $"'{name}' is stored as a tuple ({name}_0, {name}_1, …): tuple observations are not read"
            : $"d3rlpy layout: '{name}' is missing or not a dataset");

        var notes = new List<string>();
        if (root.TryGetValue("version", out var v) && v is IH5Dataset versionSet)
        {
            at.Value = "dataset 'version'";
            var version = versionSet.Read<string>();
            if (version == "2.0")
            {
                throw new DatasetValidationException(source, ["d3rlpy dataset version 2.0, which d3rlpy itself no longer reads; save it again with a newer d3rlpy"]);
            }

            notes.Add($"d3rlpy dataset, format version {version}.");
        }

        var claimed = Array("num_episodes");
        var count = claimed.IsInteger && claimed.Shape.Count == 1 && claimed.Rows == 1 ? claimed.ToDoubles()[0] : -1;
        if (count < 1 || count > root.Count)
        {
            throw new DatasetValidationException(source, [$"num_episodes is {(count < 0 ? "not one integer" : count.ToString(CultureInfo.InvariantCulture))}, but the file holds {root.Count} entries (d3rlpy writes 4 per episode)"]);
        }

        var (obs, actions, rewards, terminals, truncations, ids) = (new List<float>(), new List<double>(), new List<float>(), new List<bool>(), new List<bool>(), new List<long>());
        int? obsWidth = null, actWidth = null;
        bool? integerActions = null;
        var errors = new List<string>();
        for (var i = 0; i < (int)count; i++)
        {
            var (o, a, r, t) = (Array($"observations_{i}"), Array($"actions_{i}"), Array($"rewards_{i}"), Array($"terminated_{i}"));
            var n = o.Rows;
            if (a.Rows != n || r.Rows != n || r.Width != 1 || t.Rows * t.Width != 1 || n == 0 || o.Shape.Count > 2 || a.Shape.Count > 2)
            {
                errors.Add($"episode {i}: observations {Shape(o)}, actions {Shape(a)}, rewards {Shape(r)}, terminated {Shape(t)}; d3rlpy stores N rows of each (N ≥ 1, rewards one value per row) and one terminated flag");
                continue;
            }

            if ((obsWidth ?? o.Width) != o.Width || (actWidth ?? a.Width) != a.Width || (integerActions ?? a.IsInteger) != a.IsInteger)
            {
                errors.Add($"episode {i}: observations of {o.Width} and actions of {Describe(a)}, but earlier episodes have {obsWidth} and {actWidth} {(integerActions == true ? "integer" : "float")} values per step");
                continue;
            }

            (obsWidth, actWidth, integerActions) = (o.Width, a.Width, a.IsInteger);
            var terminated = t.ToFlags()[0];
            obs.AddRange(o.ToFloats());
            actions.AddRange(a.ToDoubles());
            rewards.AddRange(r.ToFloats());
            terminals.AddRange(Enumerable.Range(0, n).Select(k => terminated && k == n - 1));
            truncations.AddRange(Enumerable.Range(0, n).Select(k => !terminated && k == n - 1));
            ids.AddRange(Enumerable.Repeat((long)i, n));
        }

        at.Value = "";
        if (errors.Count > 0)
        {
            throw new DatasetValidationException(source, errors);
        }

        var raw = new RawTrajectoryColumns
        {
            Source = source,
            ObservationDimension = obsWidth ?? 1,
            ActionDimension = actWidth ?? 1,
            Observations = [.. obs],
            Actions = [.. actions],
            ActionsIntegerTyped = integerActions ?? false,
            Rewards = [.. rewards],
            Terminals = [.. terminals],
            Truncations = [.. truncations],
            EpisodeIds = [.. ids],
            Labels = new ColumnLabels
            {
                Observation = i => $"observations_*[{i}]",
                NextObservation = i => $"observations_*[{i}] (next step)",
                Action = i => $"actions_*[{i}]",
                Reward = "rewards_*",
                Terminal = "terminated_*",
                Truncated = "terminated_* (false: a time limit)",
                EpisodeId = "episode",
            },
        };
        raw.Notes.AddRange(notes);
        raw.Notes.Add("Episodes that did not terminate are read as cut by a time limit; their last step has no next observation in d3rlpy's layout, so TD losses leave it out.");
        return raw;
    }

    /// <summary>
    /// d3rlpy 1's <c>MDPDataset.dump</c> (read from d3rlpy's dataset.pyx at tags v0.90 to v1.1.1): flat
    /// <c>observations</c> (float32; uint8 images are not read), <c>actions</c> (int32 (N,) when discrete, float32 (N, A)
    /// otherwise), <c>rewards</c>, <c>terminals</c> and <c>episode_terminals</c> (float32 (N,)), the scalar
    /// <c>discrete_action</c>, and <c>version</c> = "1.0" from d3rlpy 1.1 on (earlier files hold <c>create_mask</c> and
    /// <c>mask_size</c> instead). <c>episode_terminals</c> ends an episode (absent in the oldest files: <c>terminals</c>
    /// does); the episode is terminal when <c>terminals</c> is set on its last row, else it was cut (truncated). Rows after
    /// the last episode end belong to no episode in d3rlpy and are left out, as d3rlpy does.
    /// </summary>
    /// <remarks>
    /// The rewards' alignment changed in d3rlpy 1.1 (the release that added <c>version</c>): from 1.1 on rewards[t] is
    /// r(s_t, a_t); up to 1.0 rewards[t] is the reward received on reaching s_t, so step t's reward is rewards[t + 1] and an
    /// episode of N rows gives N − 1 steps, the last observation being the last step's next observation (d3rlpy ≤ 1.0
    /// trained on exactly those transitions).
    /// </remarks>
    private static RawTrajectoryColumns FromD3rlpy1(Dictionary<string, IH5Object> root, string source, long length, StrongBox<string> at)
    {
        NpyArray Array(string name) =>
            RootArray(root, name, source, length, at, () => $"d3rlpy 1 layout (MDPDataset.dump): '{name}' is missing or not a dataset");

        var notes = new List<string>();
        string? version = null;
        if (root.TryGetValue("version", out var v) && v is IH5Dataset versionSet)
        {
            at.Value = "dataset 'version'";
            version = versionSet.Read<string>();
            if (version != "1.0")
            {
                throw new DatasetValidationException(source, [$"d3rlpy 1 layout with version '{version}'; d3rlpy 1.1 writes '1.0' and earlier versions write none, and only those are read"]);
            }
        }

        var (o, a, r, t) = (Array("observations"), Array("actions"), Array("rewards"), Array("terminals"));
        var e = root.ContainsKey("episode_terminals") ? Array("episode_terminals") : null;
        var discreteFlag = Array("discrete_action");
        at.Value = "";
        var n = o.Rows;
        var errors = new List<string>();
        if (o.Shape.Count > 2)
        {
            errors.Add($"observations have shape {Shape(o)}; image observations (N, C, H, W) are not read, only vectors (N, D)");
        }

        if (a.Shape.Count > 2)
        {
            errors.Add($"actions have shape {Shape(a)}; d3rlpy writes (N,) for discrete and (N, A) for continuous actions");
        }

        foreach (var (name, x) in new[] { ("actions", a), ("rewards", r), ("terminals", t), ("episode_terminals", e) })
        {
            if (x is not null && (x.Rows != n || (name != "actions" && x.Width != 1)))
            {
                errors.Add($"'{name}' has shape {Shape(x)} but observations has {n} rows; d3rlpy 1 stores one row per step (one value for rewards and the flags)");
            }
        }

        var discrete = discreteFlag.Rows * discreteFlag.Width == 1 && discreteFlag.ToFlags()[0];
        if (discrete && !a.IsInteger)
        {
            errors.Add($"discrete_action is true but actions are not integers (shape {Shape(a)}); d3rlpy 1 writes discrete actions as int32 indices");
        }

        if (errors.Count > 0)
        {
            throw new DatasetValidationException(source, errors);
        }

        var terminals = t.ToFlags();
        var ends = e?.ToFlags() ?? terminals;
        if (e is null)
        {
            notes.Add("No episode_terminals (a file from d3rlpy before 0.40): episodes end at terminals, as d3rlpy reads it.");
        }

        var (obsWidth, actWidth) = (o.Width, a.Width);
        var (obs, acts, rewards) = (o.ToFloats(), a.ToDoubles(), r.ToFloats());
        var oldAlignment = version is null;
        var rows = new List<int>();
        var (isTerminal, isTruncated, ids, next) = (new List<bool>(), new List<bool>(), new List<long>(), new List<float>());
        var (start, episode, ignoredTerminals, emptyEpisodes) = (0, 0L, 0, 0);
        for (var i = 0; i < n; i++)
        {
            if (!ends[i])
            {
                ignoredTerminals += terminals[i] ? 1 : 0;
                continue;
            }

            // Old alignment: the episode's last row only supplies the last step's next observation and reward.
            var last = oldAlignment ? i - 1 : i;
            for (var k = start; k <= last; k++)
            {
                rows.Add(k);
                isTerminal.Add(k == last && terminals[i]);
                isTruncated.Add(k == last && !terminals[i]);
                ids.Add(episode);
                if (oldAlignment)
                {
                    next.AddRange(obs.AsSpan((k + 1) * obsWidth, obsWidth));
                }
            }

            emptyEpisodes += last < start ? 1 : 0;
            episode++;
            start = i + 1;
        }

        if (start < n)
        {
            notes.Add($"The last {n - start} rows come after the last episode_terminals flag: d3rlpy puts them in no episode, so they are not read.");
        }

        if (ignoredTerminals > 0)
        {
            notes.Add($"{ignoredTerminals} terminals flags fall inside an episode (episode_terminals not set there): d3rlpy ignores them, and so does this reader.");
        }

        if (rows.Count == 0)
        {
            throw new DatasetValidationException(source, [$"d3rlpy 1 layout: none of the {n} rows is in an episode that ends with an episode_terminals flag"]);
        }

        notes.Add(oldAlignment
            ? "d3rlpy 1 dataset without a version (d3rlpy 1.0 or earlier): rewards[t] there is the reward on reaching observation t, so each step's reward is the next row's and each episode's last row only ends it" +
              (emptyEpisodes > 0 ? $" ({emptyEpisodes} one-row episodes hold no step and are left out)." : ".")
            : "d3rlpy 1 dataset, format version 1.0 (d3rlpy 1.1): rewards[t] is the reward for observation t's action; episodes that did not terminate are read as cut by a time limit, their last step without a next observation.");
        var raw = new RawTrajectoryColumns
        {
            Source = source,
            ObservationDimension = obsWidth,
            ActionDimension = actWidth,
            Observations = [.. rows.SelectMany(k => obs.AsSpan(k * obsWidth, obsWidth).ToArray())],
            Actions = [.. rows.SelectMany(k => acts.AsSpan(k * actWidth, actWidth).ToArray())],
            ActionsIntegerTyped = discrete,
            Rewards = [.. rows.Select(k => rewards[oldAlignment ? k + 1 : k])],
            Terminals = [.. isTerminal],
            Truncations = [.. isTruncated],
            NextObservations = oldAlignment ? [.. next] : null,
            EpisodeIds = [.. ids],
            Labels = new ColumnLabels
            {
                Observation = i => $"observations[{i}]",
                NextObservation = i => $"observations[{i}] (next row)",
                Action = i => $"actions[{i}]",
                Reward = "rewards",
                Terminal = "terminals",
                Truncated = "episode_terminals (without terminals)",
                EpisodeId = "episode",
            },
        };
        raw.Notes.AddRange(notes);
        return raw;
    }

    private static string Shape(NpyArray array) => $"({string.Join(", ", array.Shape)})";

    private static string ShortName(NpyArray array) => array.Name[(array.Name.LastIndexOf('/') + 1)..].TrimEnd('\'');

    private static string Describe(NpyArray array) => $"{array.Width} {(array.IsInteger ? "integer" : "float")} values per step";

    /// <summary>What a Minari metadata.json says that the loader uses.</summary>
    internal sealed record MinariMetadata(int? ActionCount, float[]? ActionLow, float[]? ActionHigh, long? TotalEpisodes, long? TotalSteps, List<string> Notes);

    internal static MinariMetadata ParseMetadata(string? json, string source, string storage = "hdf5")
    {
        if (json is null)
        {
            return new MinariMetadata(null, null, null, null, null, [$"No {MinariMetadataFile} beside the file: the action space comes from the data."]);
        }

        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new DatasetValidationException(source, [$"{MinariMetadataFile} is not a JSON object"]);
            }

            var notes = new List<string>();
            if (root.TryGetProperty("data_format", out var format) && format.ValueKind == JsonValueKind.String && format.GetString() != storage)
            {
                throw new DatasetValidationException(source,
                    [$"{MinariMetadataFile} says data_format '{format.GetString()}'; Minari's hdf5 storage (data/main_data.hdf5) and parquet storage (data/<episode id>/*.parquet) are read, not this one"]);
            }

            long? Long(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var x) ? x : null;
            double? Double(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
            if (root.TryGetProperty("observation_space", out var obsSpace) && obsSpace.ValueKind == JsonValueKind.String)
            {
                var type = SpaceType(obsSpace.GetString()!, source, "observation_space");
                if (type is not "Box" and not "Discrete")
                {
                    throw new DatasetValidationException(source, [$"{MinariMetadataFile}: observation_space is a {type} space; only Box and Discrete observations are read"]);
                }
            }

            int? count = null;
            float[]? low = null, high = null;
            if (root.TryGetProperty("action_space", out var actSpace) && actSpace.ValueKind == JsonValueKind.String)
            {
                (count, low, high) = ActionSpaceOf(actSpace.GetString()!, source, notes);
            }

            var min = Double("ref_min_score");
            var max = Double("ref_max_score");
            if (min is not null || max is not null)
            {
                notes.Add($"Minari reference scores: ref_min_score = {min?.ToString("R", CultureInfo.InvariantCulture) ?? "absent"}, " +
                          $"ref_max_score = {max?.ToString("R", CultureInfo.InvariantCulture) ?? "absent"} (normalized score = 100 · (return − min) / (max − min)).");
            }

            return new MinariMetadata(count, low, high, Long("total_episodes"), Long("total_steps"), notes);
        }
        catch (JsonException ex)
        {
            throw new DatasetValidationException(source, [$"{MinariMetadataFile} is not valid JSON (line {ex.LineNumber + 1}: {ex.Message.Split('.')[0]})"]);
        }
    }

    private static string SpaceType(string json, string source, string what)
    {
        using var doc = JsonDocument.Parse(QuoteNamedNumbers(json));
        return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
            ? t.GetString()!
            : throw new DatasetValidationException(source, [$"{MinariMetadataFile}: {what} has no \"type\""]);
    }

    private static (int? Count, float[]? Low, float[]? High) ActionSpaceOf(string json, string source, List<string> notes)
    {
        using var doc = JsonDocument.Parse(QuoteNamedNumbers(json));
        var space = doc.RootElement;
        var type = SpaceType(json, source, "action_space");
        if (type == "Discrete")
        {
            var n = space.TryGetProperty("n", out var nv) && nv.TryGetInt64(out var nn) ? nn : -1;
            var startAt = space.TryGetProperty("start", out var sv) && sv.TryGetInt64(out var ss) ? ss : 0;
            if (n is < 1 or > int.MaxValue)
            {
                throw new DatasetValidationException(source, [$"{MinariMetadataFile}: action_space Discrete has n = {n}; it must be an integer in [1, {int.MaxValue}]"]);
            }

            if (startAt != 0)
            {
                throw new DatasetValidationException(source, [$"{MinariMetadataFile}: action_space Discrete starts at {startAt}; actions are read as indices from 0, so subtract {startAt} from them first"]);
            }

            return ((int)n, null, null);
        }

        if (type != "Box")
        {
            throw new DatasetValidationException(source, [$"{MinariMetadataFile}: action_space is a {type} space; only Box and Discrete actions are read"]);
        }

        var low = Floats(space, "low");
        var high = Floats(space, "high");
        if (low is null || high is null)
        {
            notes.Add("The Box action space in metadata.json has no low/high lists: the observed bounds are used.");
            return (null, null, null);
        }

        if (!low.Concat(high).All(float.IsFinite))
        {
            notes.Add("The Box action space in metadata.json has infinite bounds: the observed bounds are used.");
            return (null, null, null);
        }

        return (null, low, high);
    }

    private static float[]? Floats(JsonElement space, string name)
    {
        if (!space.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        return v.EnumerateArray().Select(e => e.ValueKind switch
        {
            JsonValueKind.Number => (float)e.GetDouble(),
            JsonValueKind.String when e.GetString() is "-Infinity" => float.NegativeInfinity,
            JsonValueKind.String when e.GetString() is "Infinity" => float.PositiveInfinity,
            _ => float.NaN,
        }).ToArray();
    }

    /// <summary>Python's json writes ±Infinity and NaN bare; quoted, they parse as strings.</summary>
    private static string QuoteNamedNumbers(string json) => NamedNumber().Replace(json, m => $"\"{m.Value}\"");

    [GeneratedRegex(@"-?Infinity|NaN")]
    private static partial Regex NamedNumber();

    [GeneratedRegex(@"^episode_(\d{1,18})$")]
    private static partial Regex EpisodeName();
}
