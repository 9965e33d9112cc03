using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using OfflineRl.MLNet.Algorithms.Sac;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Evaluation;
using OfflineRl.MLNet.Policies;

namespace OfflineRl.MLNet.Environments;

/// <summary>
/// One task's behaviour policies, as a manifest (<see cref="LocomotionSuite.ManifestFileName"/>) lists them: the SAC run
/// that made them (so its replay log can be replayed for medium-replay) and the checkpoints picked as medium and expert.
/// </summary>
/// <param name="EnvironmentId">The locomotion task.</param>
/// <param name="Training">The run's settings (seed, random steps, network, batch).</param>
/// <param name="MediumPolicy">Path of the medium checkpoint (about a third of the expert's return).</param>
/// <param name="MediumStep">The environment step the medium checkpoint was saved at: medium-replay is the run's log up to it.</param>
/// <param name="ExpertPolicy">Path of the expert checkpoint, or <see langword="null"/> while there is none.</param>
public sealed record LocomotionBehaviour(string EnvironmentId, BehaviorPolicyTrainingOptions Training, string MediumPolicy, int MediumStep, string? ExpertPolicy);

/// <summary>
/// The D4RL-protocol locomotion datasets made from committed behaviour policies by one call: random, medium,
/// medium-replay, medium-expert and expert for every task of a manifest, written as <c>{task}-{kind}.npz</c>.
/// Same manifest, steps and seed → the same bytes (on CPUs of the same vector width: medium-replay re-runs the SAC run).
/// </summary>
public static class LocomotionSuite
{
    /// <summary>The manifest's file name inside a policies folder.</summary>
    public const string ManifestFileName = "behaviour-policies.json";

    /// <summary>The repository's policies folder, relative to its root.</summary>
    public const string DefaultPoliciesFolder = "models/locomotion";

    /// <summary>Rows of random, medium and expert (D4RL logged 1M; a fifth keeps the rollouts to minutes on two cores); medium-expert has twice as many, as D4RL concatenated medium and expert.</summary>
    public const int DefaultSteps = 200_000;

    /// <summary>The five kinds, in the order they are written.</summary>
    public static IReadOnlyList<BehaviorDatasetKind> Kinds { get; } =
        [BehaviorDatasetKind.Random, BehaviorDatasetKind.Medium, BehaviorDatasetKind.MediumReplay, BehaviorDatasetKind.MediumExpert, BehaviorDatasetKind.Expert];

    /// <summary>The three kinds of the benchmark table (CORL's and the IQL paper's locomotion rows).</summary>
    public static IReadOnlyList<BehaviorDatasetKind> BenchmarkKinds { get; } =
        [BehaviorDatasetKind.Medium, BehaviorDatasetKind.MediumReplay, BehaviorDatasetKind.MediumExpert];

    /// <summary>The file a dataset is written to: <c>Hopper-v4-medium-replay.npz</c>.</summary>
    /// <param name="environmentId">The task.</param>
    /// <param name="kind">The kind.</param>
    public static string FileName(string environmentId, BehaviorDatasetKind kind) =>
        $"{EnvironmentCatalog.Canonical(environmentId)}-{EpisodeDatasets.KindName(kind)}.npz";

    /// <summary>Reads a policies folder's manifest; policy paths are resolved against the folder.</summary>
    /// <param name="folder">The folder holding <see cref="ManifestFileName"/> and the checkpoints.</param>
    /// <exception cref="FileNotFoundException">No manifest, or a policy it names is missing.</exception>
    /// <exception cref="InvalidDataException">A manifest that is not one.</exception>
    public static IReadOnlyList<LocomotionBehaviour> ReadManifest(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var path = Path.Combine(folder, ManifestFileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"{path} not found: give the folder of the committed behaviour policies ({DefaultPoliciesFolder} of the repository).", path);
        }

        Manifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<Manifest>(File.ReadAllText(path), new JsonSerializerOptions { PropertyNameCaseInsensitive = true });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }

        if (manifest?.Tasks is not { Length: > 0 } tasks)
        {
            throw new InvalidDataException($"{path}: no tasks.");
        }

        return [.. tasks.Select(t => t.Resolve(folder, path))];
    }

    /// <summary>Makes one dataset.</summary>
    /// <param name="behaviour">The task's behaviour policies.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="steps">Rows of random, medium and expert (medium-expert: twice; medium-replay: the medium checkpoint's step).</param>
    /// <param name="seed">The rollouts' seed.</param>
    /// <exception cref="InvalidOperationException">expert or medium-expert without an expert policy.</exception>
    public static TrajectoryDataset Generate(LocomotionBehaviour behaviour, BehaviorDatasetKind kind, int steps, int seed)
    {
        ArgumentNullException.ThrowIfNull(behaviour);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        var id = EnvironmentCatalog.Canonical(behaviour.EnvironmentId);
        var name = $"{id}-{EpisodeDatasets.KindName(kind)}";
        if (kind == BehaviorDatasetKind.MediumReplay)
        {
            var replay = BehaviorPolicyTraining.ReplayLog(id, behaviour.MediumStep, behaviour.Training);
            return LocomotionDataGenerator.ReplayPrefix(replay, behaviour.MediumStep, name);
        }

        if (kind is BehaviorDatasetKind.Expert or BehaviorDatasetKind.MediumExpert && behaviour.ExpertPolicy is null)
        {
            throw new InvalidOperationException($"{id} has no expert policy in its manifest yet, so no {EpisodeDatasets.KindName(kind)} dataset.");
        }

        var medium = kind is BehaviorDatasetKind.Medium or BehaviorDatasetKind.MediumExpert ? Policy.Load(behaviour.MediumPolicy) : null;
        var expert = kind is BehaviorDatasetKind.Expert or BehaviorDatasetKind.MediumExpert ? Policy.Load(behaviour.ExpertPolicy!) : null;
        var rows = kind == BehaviorDatasetKind.MediumExpert ? 2 * steps : steps;
        var episodes = LocomotionDataGenerator.Generate(id, kind, rows, seed, medium, expert);
        return EpisodeDatasets.ToDataset(episodes, name, EnvironmentCatalog.Create(id).ActionSpace);
    }

    /// <summary>
    /// Writes every dataset of <paramref name="kinds"/> for every task of the manifest into <paramref name="outputFolder"/>,
    /// skipping a file already written with the same manifest entry, steps and seed (a stamp beside it says so), so a
    /// stopped run resumes. Datasets a task cannot have yet (no expert) are reported and left out.
    /// </summary>
    /// <param name="policiesFolder">The folder holding the manifest and checkpoints.</param>
    /// <param name="outputFolder">Where the <c>.npz</c> files go (created).</param>
    /// <param name="steps">See <see cref="Generate"/>.</param>
    /// <param name="seed">The rollouts' seed.</param>
    /// <param name="kinds">The kinds; null for all five.</param>
    /// <param name="environments">The tasks; null for every task of the manifest.</param>
    /// <param name="progress">Receives a line per dataset.</param>
    /// <returns>The paths of the datasets that exist afterwards.</returns>
    public static IReadOnlyList<string> Write(string policiesFolder, string outputFolder, int steps = DefaultSteps, int seed = 0,
        IReadOnlyList<BehaviorDatasetKind>? kinds = null, IReadOnlyList<string>? environments = null, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(outputFolder);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        var tasks = ReadManifest(policiesFolder);
        if (environments is { Count: > 0 })
        {
            var wanted = environments.Select(EnvironmentCatalog.Canonical).ToArray();
            var missing = wanted.Where(w => !tasks.Any(t => EnvironmentCatalog.Canonical(t.EnvironmentId) == w)).ToArray();
            if (missing.Length > 0)
            {
                throw new ArgumentException($"{string.Join(", ", missing)}: no behaviour policies in {Path.Combine(policiesFolder, ManifestFileName)} " +
                    $"(it has {string.Join(", ", tasks.Select(t => t.EnvironmentId))}).", nameof(environments));
            }

            tasks = [.. tasks.Where(t => wanted.Contains(EnvironmentCatalog.Canonical(t.EnvironmentId)))];
        }

        Directory.CreateDirectory(outputFolder);
        var written = new List<string>();
        foreach (var task in tasks)
        {
            foreach (var kind in kinds ?? Kinds)
            {
                var id = EnvironmentCatalog.Canonical(task.EnvironmentId);
                var path = Path.Combine(outputFolder, FileName(id, kind));
                if (kind is BehaviorDatasetKind.Expert or BehaviorDatasetKind.MediumExpert && task.ExpertPolicy is null)
                {
                    progress?.Report($"{id} {EpisodeDatasets.KindName(kind)}: left out, no expert policy in the manifest yet");
                    continue;
                }

                var stamp = Stamp(task, kind, steps, seed);
                if (File.Exists(path) && File.Exists(path + ".stamp") && File.ReadAllText(path + ".stamp") == stamp)
                {
                    progress?.Report($"{path}: already made with these policies, steps and seed");
                    written.Add(path);
                    continue;
                }

                var clock = System.Diagnostics.Stopwatch.StartNew();
                var data = Generate(task, kind, steps, seed);
                NpzDatasetWriter.Write(data, path + ".tmp");
                File.Move(path + ".tmp", path, overwrite: true);
                File.WriteAllText(path + ".stamp", stamp);
                written.Add(path);
                var summary = DatasetSummary.Of(data);
                progress?.Report(string.Create(CultureInfo.InvariantCulture,
                    $"{path}: {data.EpisodeCount} episodes, {data.Count} steps, mean return {summary.EpisodeReturn.Mean:0.0}, " +
                    $"{summary.TerminalEpisodes} terminal / {summary.TruncatedEpisodes} truncated ({clock.Elapsed.TotalSeconds:0} s)"));
            }
        }

        return written;
    }

    // What a dataset depends on: the policies' bytes, the run's settings, the kind, steps and seed. The expert enters only
    // the kinds made from it, so adding an expert to a task leaves its medium datasets (and benchmark results) standing.
    private static string Stamp(LocomotionBehaviour task, BehaviorDatasetKind kind, int steps, int seed)
    {
        static string Hash(string? path) => path is null ? "-" : Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)))[..16];
        var agent = task.Training.Agent;
        var expert = kind is BehaviorDatasetKind.Expert or BehaviorDatasetKind.MediumExpert ? task.ExpertPolicy : null;
        return string.Create(CultureInfo.InvariantCulture,
            $"{EnvironmentCatalog.Canonical(task.EnvironmentId)} {EpisodeDatasets.KindName(kind)} steps={steps} seed={seed} medium={Hash(task.MediumPolicy)}@{task.MediumStep} " +
            $"expert={Hash(expert)} sac-seed={agent.Seed} random-steps={task.Training.RandomSteps} hidden={string.Join(',', agent.HiddenSizes)} batch={agent.BatchSize}\n");
    }

    private sealed class Manifest
    {
        public ManifestTask[]? Tasks { get; set; }
    }

    private sealed class ManifestTask
    {
        public string? Environment { get; set; }

        public int Seed { get; set; }

        public int RandomSteps { get; set; } = new BehaviorPolicyTrainingOptions().RandomSteps;

        public int[]? HiddenSizes { get; set; }

        public int BatchSize { get; set; } = SoftActorCriticAgentOptions.DefaultBatchSize;

        public ManifestCheckpoint? Medium { get; set; }

        public ManifestCheckpoint? Expert { get; set; }

        public LocomotionBehaviour Resolve(string folder, string manifest)
        {
            if (Environment is null || !EnvironmentCatalog.LocomotionIds.Contains(EnvironmentCatalog.Canonical(Environment)))
            {
                throw new InvalidDataException($"{manifest}: '{Environment}' is not a locomotion task ({string.Join(", ", EnvironmentCatalog.LocomotionIds)}).");
            }

            if (Medium?.Policy is null || Medium.Step < 1)
            {
                throw new InvalidDataException($"{manifest}: {Environment} needs a medium checkpoint with its policy file and step.");
            }

            string Existing(string file)
            {
                var path = Path.Combine(folder, file);
                return File.Exists(path) ? path : throw new FileNotFoundException($"{manifest}: {Environment}'s policy {path} is missing.", path);
            }

            var agent = new SoftActorCriticAgentOptions { Seed = Seed, BatchSize = BatchSize };
            if (HiddenSizes is { Length: > 0 } hidden)
            {
                agent.HiddenSizes = hidden;
            }

            return new LocomotionBehaviour(EnvironmentCatalog.Canonical(Environment), new BehaviorPolicyTrainingOptions { RandomSteps = RandomSteps, Agent = agent },
                Existing(Medium.Policy), Medium.Step, Expert?.Policy is { } expert ? Existing(expert) : null);
        }
    }

    private sealed class ManifestCheckpoint
    {
        public string? Policy { get; set; }

        public int Step { get; set; }
    }
}
