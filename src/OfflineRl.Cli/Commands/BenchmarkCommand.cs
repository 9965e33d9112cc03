using System.CommandLine;
using System.Diagnostics;
using OfflineRl.MLNet.Charts;
using OfflineRl.MLNet.Environments;
using OfflineRl.MLNet.Evaluation;

namespace OfflineRl.Cli.Commands;

/// <summary>
/// <c>offlinerl benchmark [--quick]</c>: the library's algorithms (and the settings file's variants) × datasets × seeds → a Markdown table, CSV files and
/// a bar chart (SVG and PNG); <c>--chart-from &lt;benchmark-seeds.csv&gt;</c> draws the charts again from a run's per-seed results,
/// <c>--report-from</c> the tables, CSV files and charts. Full: the five classic-control environments' medium-replay data plus the stitching tasks (StitchGrid, the
/// fork test StitchFork and its point version StitchForkPoint), 6 seeds. Quick: CartPole medium-replay, StitchGrid and
/// StitchFork with few steps and one seed, small enough for CI.
/// </summary>
public static class BenchmarkCommand
{
    /// <summary>Seeds of the full run.</summary>
    public const int DefaultSeeds = 6;

    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var quick = new Option<bool>("--quick") { Description = "Small run for CI: CartPole-v1 medium-replay, StitchGrid and StitchFork, 1 seed, few steps." };
        var output = new Option<string>("--out") { Description = "Directory for benchmark.md, benchmark.csv, benchmark-seeds.csv, benchmark-aggregate.csv, benchmark-improvement.csv, benchmark-profile.csv and the charts (SVG and PNG).", DefaultValueFactory = _ => Path.Combine("bench", "results") };
        var seeds = new Option<int?>("--seeds") { Description = "Number of seeds (0..N-1); default 6, or 1 with --quick." };
        var steps = new Option<int?>("--steps") { Description = $"Gradient steps on the classic-control datasets; default the settings file's ({BenchmarkAlgorithm.SettingsFile}), or 1000 with --quick (the stitching tasks keep the file's)." };
        var dataSteps = new Option<int?>("--data-steps") { Description = "Logged steps per classic-control dataset; default 50000, or 10000 with --quick." };
        var episodes = new Option<int?>("--episodes") { Description = "Evaluation episodes per policy (every task); default 20 and 200 on the goal-reaching tasks (stitching, Acrobot, MountainCar, MountainCarContinuous), or 10 with --quick." };
        var algorithms = new Option<string[]>("--algorithms")
        {
            Description = $"Run only these rows (comma-separated): {string.Join(", ", BenchmarkAlgorithm.Defaults().Select(a => a.Id))}.",
            CustomParser = CommaSeparated,
        };
        var environments = new Option<string[]>("--environments")
        {
            Description = "Run only the datasets of these environments (comma-separated ids, e.g. Pendulum-v1,StitchForkPoint-v0).",
            CustomParser = CommaSeparated,
        };
        var chartFrom = new Option<string?>("--chart-from")
        {
            Description = "Run nothing: draw the charts (benchmark, benchmark-iqm and benchmark-profile, SVG and PNG) in --out from the per-seed results of an earlier run (its benchmark-seeds.csv).",
        };
        var suite = new Option<string?>("--suite")
        {
            Description = "locomotion: BC, filtered BC, IQL, TD3+BC, ReBRAC and IQL+DDPG+BC (or --algorithms) on the medium, medium-replay and medium-expert datasets " +
                          $"of HalfCheetah, Hopper and Walker2d (those with behaviour policies in --policies), {LocomotionSeeds} seeds, {LocomotionEpisodes} episodes; makes the datasets " +
                          "into --data first when missing, and resumes: jobs already in --out's benchmark-runs.csv are not run again.",
        };
        var kinds = new Option<string[]>("--kinds")
        {
            Description = "With --suite locomotion: run only these dataset kinds (comma-separated: medium, medium-replay, medium-expert).",
            CustomParser = CommaSeparated,
        };
        var data = new Option<string>("--data") { Description = "With --suite locomotion: the datasets' folder.", DefaultValueFactory = _ => Path.Combine("bench", "locomotion-data") };
        var policies = new Option<string>("--policies")
        {
            Description = $"With --suite locomotion: the behaviour policies' folder and its {LocomotionSuite.ManifestFileName}.",
            DefaultValueFactory = _ => LocomotionSuite.DefaultPoliciesFolder,
        };
        var reportFrom = new Option<string?>("--report-from")
        {
            Description = "Run nothing: write the tables, summary CSV files and charts in --out again from an earlier run's benchmark-seeds.csv "
                + "(training times from the benchmark.csv beside it, if there is one).",
        };
        var parallel = new Option<int?>("--parallel") { Description = "Jobs (dataset × seed × algorithm) run at once, one thread each; default the processor count. 1 runs them one after another (same results)." };
        var command = new Command("benchmark", "Run the algorithms on benchmark datasets over seeds; write Markdown tables (means, IQM with bootstrap intervals), CSV files and charts (SVG and PNG).")
        {
            quick, output, seeds, steps, dataSteps, episodes, algorithms, environments, chartFrom, reportFrom, suite, kinds, data, policies, parallel,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(chartFrom) is not null && result.GetValue(reportFrom) is not null)
            {
                result.AddError("--chart-from redraws the charts and --report-from rewrites the tables and charts: give one of them.");
            }
        });
        command.SetAction(parse => context.Guard(() => parse.GetValue(chartFrom) is { } results
            ? RedrawChart(context, results, parse.GetValue(output)!)
            : parse.GetValue(reportFrom) is { } report
            ? Rewrite(context, report, parse.GetValue(output)!)
            : Run(context, new RunSettings(parse.GetValue(quick), parse.GetValue(output)!, parse.GetValue(seeds), parse.GetValue(steps), parse.GetValue(dataSteps), parse.GetValue(episodes),
                parse.GetValue(algorithms) ?? [], parse.GetValue(environments) ?? [], parse.GetValue(suite), parse.GetValue(data)!, parse.GetValue(policies)!, parse.GetValue(kinds) ?? [],
                parse.GetValue(parallel)))));
        return command;
    }

    /// <summary>Seeds of the locomotion suite (the issue's protocol: 3).</summary>
    public const int LocomotionSeeds = 3;

    /// <summary>Evaluation episodes per policy in the locomotion suite (CORL's 10).</summary>
    public const int LocomotionEpisodes = 10;

    /// <summary>
    /// Evaluation episodes on the goal-reaching tasks by default: a 20-episode Acrobot score moved by ~9 normalized points
    /// with its start states alone (issue 26), and a success rate over 200 episodes has a standard error of at most 3.5 points.
    /// </summary>
    public const int GoalTaskEpisodes = 200;

    /// <summary>The locomotion suite's default rows: the methods the source material and CORL compare on D4RL.</summary>
    public static readonly IReadOnlyList<string> LocomotionAlgorithms = ["bc", "filtered-bc", "iql", "td3bc", "rebrac", "iql-ddpgbc"];

    private sealed record RunSettings(bool Quick, string OutDir, int? Seeds, int? Steps, int? DataSteps, int? Episodes, string[] Algorithms, string[] Environments,
        string? Suite, string DataDir, string PoliciesDir, string[] Kinds, int? Parallel);

    private static int Run(CliContext context, RunSettings run)
    {
        var clock = Stopwatch.StartNew();
        var (quick, outDir, onlyAlgorithms, onlyEnvironments) = (run.Quick, run.OutDir, run.Algorithms, run.Environments);
        if (run.Suite is { } suite && !string.Equals(suite, "locomotion", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"--suite {suite}: the one suite is 'locomotion'.");
        }

        var locomotion = run.Suite is not null;
        if (locomotion && quick)
        {
            throw new ArgumentException("--quick is the classic suite's CI run; with --suite locomotion give small --steps, --data-steps and --seeds instead.");
        }

        var n = run.Seeds ?? (quick ? 1 : locomotion ? LocomotionSeeds : DefaultSeeds);
        var trainSteps = run.Steps ?? (quick ? 1000 : null);
        var logged = run.DataSteps ?? (quick ? 10_000 : locomotion ? LocomotionSuite.DefaultSteps : 50_000);
        var evalEpisodes = run.Episodes ?? (quick ? 10 : locomotion ? LocomotionEpisodes : PolicyEvaluator.DefaultEpisodes);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1, "--seeds");
        if (run.Parallel is < 1)
        {
            throw new ArgumentException($"--parallel must be at least 1 (got {run.Parallel}).");
        }

        BenchmarkDataset[] datasets;
        var rows = BenchmarkAlgorithm.Defaults(trainSteps);
        if (locomotion)
        {
            var kinds = run.Kinds.Length == 0 ? LocomotionSuite.BenchmarkKinds : [.. run.Kinds.Select(EpisodeDatasets.ParseKind)];
            foreach (var kind in kinds.Where(k => !LocomotionSuite.BenchmarkKinds.Contains(k)))
            {
                throw new ArgumentException($"--kinds: {EpisodeDatasets.KindName(kind)} is not in the locomotion table; use {string.Join(", ", LocomotionSuite.BenchmarkKinds.Select(EpisodeDatasets.KindName))}.");
            }

            datasets = LocomotionDatasets(context, run.PoliciesDir, run.DataDir, logged, onlyEnvironments, kinds);
            rows = Only(rows, onlyAlgorithms.Length > 0 ? onlyAlgorithms : [.. LocomotionAlgorithms], a => a.Id!, "--algorithms");
        }
        else
        {
            var classic = quick ? [EnvironmentCatalog.CartPole] : EnvironmentCatalog.ClassicControlIds;
            string[] stitching = quick
                ? [EnvironmentCatalog.StitchGrid, EnvironmentCatalog.StitchFork]
                : [EnvironmentCatalog.StitchGrid, EnvironmentCatalog.StitchFork, EnvironmentCatalog.StitchForkPoint];
            datasets = classic.Select(id => new BenchmarkDataset(id, BehaviorDatasetKind.MediumReplay, logged))
                .Concat(stitching.Select(id => new BenchmarkDataset(id, BehaviorDatasetKind.Medium, 0)))
                .ToArray();
            rows = Only(rows, onlyAlgorithms, a => a.Id!, "--algorithms");
            datasets = Only(datasets, [.. onlyEnvironments.Select(EnvironmentCatalog.Canonical)], d => d.EnvironmentId, "--environments");
        }

        var runner = new BenchmarkRunner(rows, datasets, Enumerable.Range(0, n).ToArray(), evalEpisodes)
        {
            ResultsLog = locomotion ? Path.Combine(outDir, "benchmark-runs.csv") : null,
            GoalTaskEpisodes = run.Episodes is null && !quick ? GoalTaskEpisodes : null,
            MaxParallelism = run.Parallel ?? Environment.ProcessorCount,
        };
        context.Output.WriteLine($"benchmark{(quick ? " --quick" : locomotion ? " --suite locomotion" : string.Empty)}: {runner.Algorithms.Count} algorithms × {datasets.Length} datasets × {n} seed(s); "
            + $"{(trainSteps is { } count ? $"{count} training steps" : "the settings file's training steps")}, {logged} logged steps per {(locomotion ? "medium/expert" : "classic")} dataset, {evalEpisodes} evaluation episodes{(runner.GoalTaskEpisodes is { } g ? $" ({g} on goal-reaching tasks)" : string.Empty)}; {runner.MaxParallelism} in parallel");
        var progress = new LineProgress(line =>
        {
            lock (context.Output)
            {
                context.Output.WriteLine(line);
            }
        });
        var cells = runner.Run(progress);
        Directory.CreateDirectory(outDir);
        var preamble = $"Generated by `offlinerl benchmark{(quick ? " --quick" : locomotion ? " --suite locomotion" : string.Empty)}` with the settings in {BenchmarkAlgorithm.SettingsFile}"
            + $"{(trainSteps is { } classicSteps ? $" and {classicSteps} {(locomotion ? string.Empty : "classic-control ")}steps" : string.Empty)}"
            + $"{(locomotion ? $", {n} seeds, {evalEpisodes} evaluation episodes per policy, {logged:N0}-row datasets" : string.Empty)}; what they are and why: [evaluation.md](evaluation.md#benchmark-settings-and-why).";
        var seedCsv = Path.GetFullPath(Path.Combine(outDir, "benchmark-seeds.csv"));
        AtomicFile.WriteAllText(seedCsv, BenchmarkReport.ToSeedCsv(cells));
        WriteReport(context, cells, outDir, preamble);
        context.Output.WriteLine($"seeds: {seedCsv}");
        context.Output.WriteLine($"total {clock.Elapsed.TotalSeconds:0.0} s");
        return 0;
    }

    // The tables, the summary CSV files and the charts of a run's results, echoing the tables.
    private static void WriteReport(CliContext context, IReadOnlyList<BenchmarkCell> cells, string outDir, string preamble)
    {
        var markdown = preamble + "\n\n" + BenchmarkReport.ToMarkdown(cells);
        var md = Path.GetFullPath(Path.Combine(outDir, "benchmark.md"));
        var csv = Path.GetFullPath(Path.Combine(outDir, "benchmark.csv"));
        var aggregate = Path.GetFullPath(Path.Combine(outDir, "benchmark-aggregate.csv"));
        var improvement = Path.GetFullPath(Path.Combine(outDir, "benchmark-improvement.csv"));
        var profile = Path.GetFullPath(Path.Combine(outDir, "benchmark-profile.csv"));
        AtomicFile.WriteAllText(md, markdown);
        AtomicFile.WriteAllText(csv, BenchmarkReport.ToCsv(cells));
        AtomicFile.WriteAllText(aggregate, BenchmarkReport.ToAggregateCsv(cells));
        AtomicFile.WriteAllText(improvement, BenchmarkReport.ToImprovementCsv(cells));
        AtomicFile.WriteAllText(profile, BenchmarkReport.ToProfileCsv(cells));
        var charts = WriteChart(cells, outDir);
        context.Output.WriteLine();
        context.Output.Write(markdown);
        context.Output.WriteLine();
        context.Output.WriteLine($"table: {md}");
        context.Output.WriteLine($"csv:   {csv}, {aggregate}, {improvement}, {profile}");
        context.Output.WriteLine($"chart: {string.Join(", ", charts)}");
    }

    // --report-from: the run's own first paragraph (what settings it ran with) is kept from the benchmark.md beside the
    // seeds file, since the file itself does not record them.
    private static int Rewrite(CliContext context, string seedCsv, string outDir)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(seedCsv))!;
        var summary = Path.Combine(dir, "benchmark.csv");
        var text = File.ReadAllText(seedCsv);
        var cells = File.Exists(summary) ? BenchmarkReport.FromSeedCsv(text, File.ReadAllText(summary)) : BenchmarkReport.FromSeedCsv(text);
        if (cells.Count == 0)
        {
            throw new InvalidDataException($"{seedCsv}: no results after the header.");
        }

        var earlier = Path.Combine(dir, "benchmark.md");
        var first = File.Exists(earlier) ? File.ReadAllText(earlier).Split("\n\n")[0].Trim() : string.Empty;
        var note = $"Tables, summary CSV files and charts written from its {Path.GetFileName(seedCsv)} by `offlinerl benchmark --report-from`.";
        var kept = first.StartsWith("Generated by", StringComparison.Ordinal) ? first.Replace(" " + note, string.Empty, StringComparison.Ordinal) : null;
        var preamble = kept is null ? note : $"{kept} {note}"; // rewriting twice gives the same file
        Directory.CreateDirectory(outDir);
        WriteReport(context, cells, outDir, preamble);
        return 0;
    }

    // The suite's datasets, made first where missing (LocomotionSuite skips what is already made).
    private static BenchmarkDataset[] LocomotionDatasets(CliContext context, string policies, string folder, int rows, string[] environments, IReadOnlyList<BehaviorDatasetKind> kinds)
    {
        var tasks = LocomotionSuite.ReadManifest(policies);
        var wanted = environments.Length == 0 ? null : environments;
        var paths = LocomotionSuite.Write(policies, folder, rows, seed: 0, kinds, wanted, new LineProgress(context.Output.WriteLine));
        var datasets = new List<BenchmarkDataset>();
        foreach (var task in tasks)
        {
            foreach (var kind in kinds)
            {
                var path = Path.Combine(folder, LocomotionSuite.FileName(task.EnvironmentId, kind));
                if (paths.Contains(path))
                {
                    datasets.Add(new BenchmarkDataset(task.EnvironmentId, kind, rows) { File = path });
                }
            }
        }

        return [.. datasets];
    }

    /// <summary>A list option's values, given as repeated options, comma-separated, or both.</summary>
    internal static string[] CommaSeparated(System.CommandLine.Parsing.ArgumentResult result) =>
        [.. result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];

    // Keeps the items named in `names` (all when it is empty), refusing a name that is not among them.
    private static T[] Only<T>(IReadOnlyList<T> items, string[] names, Func<T, string> name, string option)
    {
        var unknown = names.Where(n => !items.Any(i => string.Equals(name(i), n, StringComparison.OrdinalIgnoreCase))).ToArray();
        if (unknown.Length > 0)
        {
            throw new ArgumentException($"{option}: {string.Join(", ", unknown)} not in this run; use {string.Join(", ", items.Select(name))}.");
        }

        return names.Length == 0 ? [.. items] : [.. items.Where(i => names.Contains(name(i), StringComparer.OrdinalIgnoreCase))];
    }

    private static int RedrawChart(CliContext context, string seedCsv, string outDir)
    {
        var cells = BenchmarkReport.FromSeedCsv(File.ReadAllText(seedCsv));
        if (cells.Count == 0)
        {
            throw new InvalidDataException($"{seedCsv}: no results after the header.");
        }

        Directory.CreateDirectory(outDir);
        foreach (var path in WriteChart(cells, outDir))
        {
            context.Output.WriteLine($"wrote {path}");
        }

        return 0;
    }

    private static string[] WriteChart(IReadOnlyList<BenchmarkCell> cells, string outDir)
    {
        var n = cells.Max(c => c.PerSeed.Count);
        var seeds = $"{n} seed{(n == 1 ? string.Empty : "s")}";
        var chart = BenchmarkChart.Create(cells, $"Offline RL benchmark ({seeds})");
        var iqm = BenchmarkChart.CreateAggregate(BenchmarkReport.Aggregate(cells), $"Interquartile mean over all datasets ({seeds})");
        var profile = BenchmarkChart.CreateProfile(BenchmarkReport.Profiles(cells), $"Performance profile over all datasets ({seeds})");
        var paths = new List<string>();
        foreach (var (figure, name) in new[] { (chart, "benchmark"), (iqm, "benchmark-iqm"), (profile, "benchmark-profile") })
        {
            foreach (var extension in new[] { ".svg", ".png" })
            {
                var path = Path.GetFullPath(Path.Combine(outDir, name + extension));
                figure.Save(path);
                paths.Add(path);
            }
        }

        return [.. paths];
    }

}
