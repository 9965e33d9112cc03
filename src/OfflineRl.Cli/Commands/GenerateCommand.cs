using System.CommandLine;
using System.Globalization;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Environments;
using OfflineRl.MLNet.Evaluation;
using OfflineRl.MLNet.Policies;

namespace OfflineRl.Cli.Commands;

/// <summary><c>offlinerl generate --env &lt;id&gt; --kind &lt;kind&gt; --steps N --seed S --out &lt;file.npz&gt;</c>: log a behavior dataset.</summary>
public static class GenerateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var env = new Option<string>("--env") { Description = $"Environment: {string.Join(", ", EnvironmentCatalog.Ids)} (with --suite: only this task)." };
        var kind = new Option<string>("--kind")
        {
            Description = $"random, medium, expert, medium-replay or medium-expert ({string.Join(" / ", StitchingIds)} use the stitching recipe; 'stitch' or any kind; " +
                          $"{string.Join(" / ", EnvironmentCatalog.LocomotionIds)} take random here, their other kinds come from trained behaviour policies).",
            DefaultValueFactory = _ => "medium",
        };
        var steps = new Option<int?>("--steps")
        {
            Description = $"Steps to log: default {DefaultSteps} (classic control; the stitching recipe fixes its episode count), or with --suite locomotion {LocomotionSuite.DefaultSteps} " +
                          "rows per random / medium / expert dataset (medium-expert twice that, medium-replay the medium checkpoint's step).",
        };
        var seed = new Option<int>("--seed") { Description = "Seed; the same seed gives the same bytes.", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--out") { Description = "The .npz file to write (D4RL layout, terminals and timeouts apart); with --suite, the folder.", Required = true };
        var suite = new Option<string?>("--suite")
        {
            Description = "locomotion: make every D4RL-protocol dataset (random, medium, medium-replay, medium-expert, expert) of every task in --policies' manifest " +
                          "into the --out folder, skipping files already made with the same policies, steps and seed.",
        };
        var policies = new Option<string>("--policies")
        {
            Description = $"With --suite locomotion: the folder of the behaviour policies and their {LocomotionSuite.ManifestFileName}.",
            DefaultValueFactory = _ => LocomotionSuite.DefaultPoliciesFolder,
        };
        var medium = new Option<string?>("--medium-policy") { Description = "MuJoCo tasks: the medium behaviour policy (a policy.bin of `offlinerl sac`), for medium and medium-expert." };
        var expert = new Option<string?>("--expert-policy") { Description = "MuJoCo tasks: the expert behaviour policy, for expert and medium-expert." };
        var replay = new Option<string?>("--replay") { Description = "MuJoCo tasks, medium-replay: the replay.npz of the `offlinerl sac` run that made the medium policy." };
        var epsilon = new Option<double?>("--epsilon")
        {
            Description = "Classic control, --kind expert: take a uniformly random action with this probability (e.g. 0.2, the CartPole data discrete CQL/BCQ floors use).",
        };
        var replaySteps = new Option<int?>("--replay-steps") { Description = "MuJoCo tasks, medium-replay: the medium checkpoint's step (the log's first N rows)." };
        var command = new Command("generate", "Log a D4RL-style dataset from a scripted behavior policy in a built-in environment (in the MuJoCo tasks: random actions, or trained behaviour policies).")
        {
            env, kind, steps, seed, output, medium, expert, replay, replaySteps, epsilon, suite, policies,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(suite) is null && result.GetValue(env) is null)
            {
                result.AddError("--env is required (or --suite locomotion).");
            }
        });
        command.SetAction(parse => context.Guard(() =>
        {
            if (parse.GetValue(suite) is { } name)
            {
                return Suite(context, name, parse.GetValue(policies)!, parse.GetValue(output)!, parse.GetValue(steps) ?? LocomotionSuite.DefaultSteps, parse.GetValue(seed),
                    parse.GetResult(kind) is { Implicit: false } ? [EpisodeDatasets.ParseKind(parse.GetValue(kind)!)] : null,
                    parse.GetValue(env) is { } one ? [one] : null);
            }

            var id = EnvironmentCatalog.Canonical(parse.GetValue(env)!);
            var kindName = parse.GetValue(kind)!;
            var stitching = EpisodeDatasets.IsStitching(id);
            if (!stitching && string.Equals(kindName, "stitch", StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"--kind stitch is for {string.Join(", ", StitchingIds)}; {id} takes random, medium, expert, medium-replay or medium-expert.");
            }

            var parsedKind = stitching ? BehaviorDatasetKind.Medium : EpisodeDatasets.ParseKind(kindName);
            if (parse.GetValue(epsilon) is { } eps && (parsedKind != BehaviorDatasetKind.Expert || !EnvironmentCatalog.ClassicControlIds.Contains(id)))
            {
                throw new ArgumentException($"--epsilon makes an ε-greedy expert: use it with --kind expert in a classic-control task ({string.Join(", ", EnvironmentCatalog.ClassicControlIds)}).");
            }

            var data = parse.GetValue(epsilon) is { } e
                ? EpisodeDatasets.ToDataset(BehaviorDataGenerator.Generate(id, new ControllerKnobs(e), parse.GetValue(steps) ?? DefaultSteps, parse.GetValue(seed)),
                    string.Create(CultureInfo.InvariantCulture, $"{id}-expert-epsilon{e}-seed{parse.GetValue(seed)}"), EnvironmentCatalog.Create(id).ActionSpace)
                : EnvironmentCatalog.LocomotionIds.Contains(id)
                ? Locomotion(id, parsedKind, parse.GetValue(steps) ?? DefaultSteps, parse.GetValue(seed), parse.GetValue(medium), parse.GetValue(expert), parse.GetValue(replay), parse.GetValue(replaySteps))
                : EpisodeDatasets.Generate(id, parsedKind, parse.GetValue(steps) ?? DefaultSteps, parse.GetValue(seed));
            var path = parse.GetValue(output)!;
            NpzDatasetWriter.Write(data, path);
            var summary = DatasetSummary.Of(data);
            context.Output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"wrote {path}: {id} {(stitching ? "stitch" : EpisodeDatasets.KindName(parsedKind))}, {data.EpisodeCount} episodes, {data.Count} steps, " +
                $"mean return {summary.EpisodeReturn.Mean:0.###}, {summary.TerminalEpisodes} terminal / {summary.TruncatedEpisodes} truncated"));
            return 0;
        }));
        return command;
    }

    /// <summary>Steps logged in a classic-control task when --steps is not given.</summary>
    public const int DefaultSteps = 100_000;

    private static int Suite(CliContext context, string name, string policies, string folder, int steps, int seed, BehaviorDatasetKind[]? kinds, string[]? environments)
    {
        if (!string.Equals(name, "locomotion", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"--suite {name}: the one suite is 'locomotion'.");
        }

        var paths = LocomotionSuite.Write(policies, folder, steps, seed, kinds, environments, new LineProgress(context.Output.WriteLine));
        context.Output.WriteLine($"{paths.Count} datasets in {Path.GetFullPath(folder)}");
        return 0;
    }


    private static TrajectoryDataset Locomotion(string id, BehaviorDatasetKind kind, int steps, int seed, string? medium, string? expert, string? replay, int? replaySteps)
    {
        var name = $"{id}-{EpisodeDatasets.KindName(kind)}-seed{seed}";
        if (kind == BehaviorDatasetKind.MediumReplay)
        {
            if (replay is null || replaySteps is not { } count)
            {
                throw new ArgumentException($"{id} medium-replay is a prefix of a training run's replay log: give --replay <replay.npz> and --replay-steps <the medium checkpoint's step>.");
            }

            return LocomotionDataGenerator.ReplayPrefix(NpzDatasetLoader.Load(replay), count, name);
        }

        var episodes = LocomotionDataGenerator.Generate(id, kind, steps, seed,
            medium is null ? null : Policy.Load(medium), expert is null ? null : Policy.Load(expert));
        return EpisodeDatasets.ToDataset(episodes, name, EnvironmentCatalog.Create(id).ActionSpace);
    }

    // From the catalog, so the help and the error name every stitching task (they had named two of four).
    private static IEnumerable<string> StitchingIds => EnvironmentCatalog.Ids.Where(EpisodeDatasets.IsStitching);
}
