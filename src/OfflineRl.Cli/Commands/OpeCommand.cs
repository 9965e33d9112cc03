using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.ML;
using OfflineRl.MLNet;
using OfflineRl.MLNet.Evaluation;
using OfflineRl.MLNet.Policies;
using Spectre.Console;

namespace OfflineRl.Cli.Commands;

/// <summary>
/// <c>offlinerl ope --policy &lt;dir|model.zip|policy.bin&gt; [--policy … to rank several] --data FILE [--discount 0.99] [--target greedy|stochastic]
/// [--fqe-steps N | --no-fqe] [--bootstrap 1000] [--seed 0] [--json]</c>: off-policy estimates of a policy's value on logged
/// data, each with a bootstrap interval.
/// </summary>
public static class OpeCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var policy = new Option<string[]>("--policy")
        {
            Description = "The target policy: a trained model folder, the model.zip inside one, or a policy file (policy.bin). Repeat it to rank several policies on the same data.",
            Required = true,
        };
        var data = new Option<string>("--data") { Description = "Whole logged episodes (.npz or .csv).", Required = true };
        var discount = new Option<float>("--discount") { Description = "Discount γ of the estimated value.", DefaultValueFactory = _ => OffPolicyEvaluationOptions.DefaultDiscount };
        var target = new Option<string>("--target") { Description = "Value the greedy policy (what deploys) or the stochastic one: greedy | stochastic.", DefaultValueFactory = _ => "greedy" };
        var fqeSteps = new Option<int>("--fqe-steps") { Description = "Gradient steps of the FQE critic.", DefaultValueFactory = _ => FittedQEvaluationOptions.DefaultSteps };
        var fqeUpdate = new Option<int>("--fqe-target-every")
        {
            Description = "Steps between copies of the FQE critic into its target (one fitted-Q iteration).",
            DefaultValueFactory = _ => FittedQEvaluationOptions.DefaultTargetUpdateInterval,
        };
        var fqeThreads = new Option<int>("--fqe-threads") { Description = "Threads for the FQE critic's training.", DefaultValueFactory = _ => 1 };
        var fqeRefits = new Option<int>("--fqe-refits")
        {
            Description = "FQE critics refit on bootstrap resamples for FQE's interval, which then includes the critic's error (0: the interval resamples initial states only).",
            DefaultValueFactory = _ => FittedQEvaluationOptions.DefaultRefits,
        };
        var noFqe = new Option<bool>("--no-fqe") { Description = "Skip FQE and the doubly robust estimates (importance sampling only)." };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap resamples of the episodes.", DefaultValueFactory = _ => OffPolicyEvaluationOptions.DefaultBootstrapResamples };
        var behaviorSteps = new Option<int>("--behavior-steps")
        {
            Description = "Steps of the behaviour-cloning model fitted when the data logs no behaviour probabilities.",
            DefaultValueFactory = _ => OffPolicyEvaluationOptions.DefaultBehaviorCloningSteps,
        };
        var seed = new Option<int>("--seed") { Description = "Seed of the bootstrap, the critic and the behaviour model.", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "Print the estimates as JSON." };
        var dataOptions = new DataOptions(defaultEpisodeEnds: "truncated");
        var command = new Command("ope", "Off-policy evaluation: estimate a policy's value on logged data (IS, WIS, PDIS, WPDIS, FQE, DR, WDR) with bootstrap intervals.")
        {
            policy, data, discount, target, fqeSteps, fqeUpdate, fqeRefits, fqeThreads, noFqe, bootstrap, behaviorSteps, seed, json,
        };
        dataOptions.AddTo(command);
        command.SetAction(parse => context.Guard(() =>
        {
            var paths = parse.GetValue(policy)!;
            var ml = new MLContext(parse.GetValue(seed));
            var dataset = ml.OfflineRL().Data.Load(parse.GetValue(data)!, dataOptions.Read(parse));
            var options = new OffPolicyEvaluationOptions
            {
                Discount = parse.GetValue(discount),
                TargetActions = parse.GetValue(target)!.ToUpperInvariant() switch
                {
                    "GREEDY" => TargetPolicyActions.Greedy,
                    "STOCHASTIC" => TargetPolicyActions.Stochastic,
                    var other => throw new ArgumentException($"--target must be greedy or stochastic (got '{other}')."),
                },
                BootstrapResamples = parse.GetValue(bootstrap),
                BehaviorCloningSteps = parse.GetValue(behaviorSteps),
                Seed = parse.GetValue(seed),
                FittedQ = { Enabled = !parse.GetValue(noFqe), Steps = parse.GetValue(fqeSteps), TargetUpdateInterval = parse.GetValue(fqeUpdate), Refits = parse.GetValue(fqeRefits), Threads = parse.GetValue(fqeThreads) },
            };
            if (paths.Length > 1)
            {
                return WriteRanking(context, ml, paths, dataset, options, parse.GetValue(json));
            }

            var metrics = ml.OfflineRL().Evaluate(PolicyFiles.Load(paths[0]), dataset, options);
            if (parse.GetValue(json))
            {
                context.Output.WriteLine(JsonSerializer.Serialize(metrics, Json));
                return 0;
            }

            static string F(double? v) => v?.ToString("G5", CultureInfo.InvariantCulture) ?? "n/a";
            var level = metrics.ConfidenceLevel.ToString("P0", CultureInfo.InvariantCulture);
            var table = new Table()
                .Title(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{dataset.Source}: {metrics.Episodes} episodes, {metrics.Steps} steps, γ {metrics.Discount}, {metrics.TargetActions} policy")))
                .AddColumns("Estimator", "Value", $"{level} interval (percentile)", $"{level} interval (BCa)", "Bootstrap SE");
            foreach (var e in metrics.Estimates)
            {
                var bca = e.BcaLower is null ? "n/a" : $"[{F(e.BcaLower)}, {F(e.BcaUpper)}]";
                string[] cells = [e.Estimator == "Logged" ? "Logged (behaviour)" : e.Estimator, F(e.Value), $"[{F(e.Lower)}, {F(e.Upper)}]", bca, F(e.StandardError)];
                table.AddRow([.. cells.Select(Markup.Escape)]);
            }

            context.Console.Write(table);
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"behaviour probabilities: {metrics.BehaviorSource?.ToString() ?? "none"}; effective sample size: {F(metrics.EffectiveSampleSize)} ({F(100 * metrics.EffectiveSampleSizeFraction)} % of episodes); {metrics.BootstrapResamples} bootstrap resamples{(metrics.FittedQRefits > 0 ? $"; FQE's interval from {metrics.FittedQRefits} critics refit on resamples" : "")}"));
            foreach (var warning in metrics.Warnings)
            {
                context.Output.WriteLine($"warning: {warning}");
            }

            return 0;
        }));
        return command;
    }

    /// <summary>Several policies valued on the same data: one row each, then the ranking by every estimator.</summary>
    private static int WriteRanking(CliContext context, MLContext ml, string[] paths, IDataView dataset, OffPolicyEvaluationOptions options, bool json)
    {
        if (paths.Distinct(StringComparer.Ordinal).Count() != paths.Length)
        {
            throw new ArgumentException($"--policy names the same policy twice: {string.Join(", ", paths.GroupBy(p => p, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))}.");
        }

        var ranking = ml.OfflineRL().Rank(paths.ToDictionary(p => p, p => (IPolicy)PolicyFiles.Load(p), StringComparer.Ordinal), dataset, options);
        if (json)
        {
            context.Output.WriteLine(JsonSerializer.Serialize(new
            {
                ranking.Policies,
                ranking.Estimators,
                Rankings = ranking.Estimators.ToDictionary(e => e, ranking.By),
                ranking.Metrics,
            }, Json));
            return 0;
        }

        static string F(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
        var first = ranking.Metrics[ranking.Policies[0]];
        var level = first.ConfidenceLevel.ToString("P0", CultureInfo.InvariantCulture);
        var table = new Table()
            .Title(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"{first.Episodes} episodes, {first.Steps} steps, γ {first.Discount}, {first.TargetActions} policies; value [{level} percentile interval]")))
            .AddColumns(["Policy", .. ranking.Estimators]);
        foreach (var name in ranking.Policies)
        {
            var metrics = ranking.Metrics[name];
            table.AddRow([Markup.Escape(name), .. ranking.Estimators.Select(e => metrics.Estimates.First(x => x.Estimator == e)).Select(x => Markup.Escape($"{F(x.Value)} [{F(x.Lower)}, {F(x.Upper)}]"))]);
        }

        context.Console.Write(table);
        foreach (var estimator in ranking.Estimators)
        {
            context.Output.WriteLine($"ranked by {ranking.Describe(estimator)}");
        }

        context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"behaviour probabilities: {first.BehaviorSource?.ToString() ?? "none"}; {first.BootstrapResamples} bootstrap resamples"));
        foreach (var name in ranking.Policies)
        {
            foreach (var warning in ranking.Metrics[name].Warnings)
            {
                context.Output.WriteLine($"warning: {name}: {warning}");
            }
        }

        return 0;
    }
}
