using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using OfflineRl.MLNet.Environments;
using OfflineRl.MLNet.Evaluation;

namespace OfflineRl.Cli.Commands;

/// <summary>
/// <c>offlinerl ope-check --env ID [--kind medium-replay] [--data-steps N] [--algos bc,filtered-bc,iql] [--steps 100,1000,5000]
/// [--truth-episodes 200] [--discount 0.99] [--fqe-steps N] [--bootstrap N] [--seed S] [--out FILE.jsonl]</c>: trains policies
/// of differing quality on an environment's logged data, estimates each off-policy, rolls each out for its true value, and
/// reports every estimator's Spearman correlation, regret@1 and interval coverage. Each policy's row is printed (and
/// appended to --out) as soon as it is done.
/// </summary>
public static class OpeCheckCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var defaults = new OffPolicyCheckOptions();
        var env = new Option<string>("--env") { Description = $"Environment: {string.Join(", ", EnvironmentCatalog.Ids)}.", Required = true };
        var kind = new Option<string>("--kind") { Description = "Logged data: random | medium | expert | medium-replay | medium-expert.", DefaultValueFactory = _ => "medium-replay" };
        var dataSteps = new Option<int>("--data-steps") { Description = "Steps of logged data.", DefaultValueFactory = _ => defaults.DataSteps };
        var algos = new Option<string>("--algos") { Description = "Algorithms whose policies are checked, comma-separated.", DefaultValueFactory = _ => string.Join(",", defaults.Algorithms) };
        var steps = new Option<string>("--steps") { Description = "Training steps of each algorithm's policies, comma-separated.", DefaultValueFactory = _ => string.Join(",", defaults.TrainingSteps) };
        var truth = new Option<int>("--truth-episodes") { Description = "Rollouts per policy for its true value.", DefaultValueFactory = _ => defaults.TruthEpisodes };
        var discount = new Option<float>("--discount") { Description = "Discount γ of the estimated and the true value.", DefaultValueFactory = _ => OffPolicyEvaluationOptions.DefaultDiscount };
        var fqeSteps = new Option<int>("--fqe-steps") { Description = "Gradient steps of each FQE critic.", DefaultValueFactory = _ => FittedQEvaluationOptions.DefaultSteps };
        var fqeEvery = new Option<int>("--fqe-target-every")
        {
            Description = "Steps between copies of each FQE critic into its target (one fitted-Q iteration).",
            DefaultValueFactory = _ => FittedQEvaluationOptions.DefaultTargetUpdateInterval,
        };
        var fqeRefits = new Option<int>("--fqe-refits")
        {
            Description = "FQE critics refit on bootstrap resamples for each FQE interval (0: the interval resamples initial states only).",
            DefaultValueFactory = _ => FittedQEvaluationOptions.DefaultRefits,
        };
        var fqeHidden = new Option<string>("--fqe-hidden") { Description = "Hidden widths of the FQE critic, comma-separated.", DefaultValueFactory = _ => "256,256" };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap resamples of the episodes.", DefaultValueFactory = _ => OffPolicyEvaluationOptions.DefaultBootstrapResamples };
        var seed = new Option<int>("--seed") { Description = "Seed of the data, trainers and estimators.", DefaultValueFactory = _ => 0 };
        var output = new Option<string?>("--out") { Description = "Append each policy's result as a JSON line to this file, then the summary." };
        var command = new Command("ope-check", "Check off-policy estimates against true values by rollouts: Spearman, regret@1 and interval coverage per estimator.")
        {
            env, kind, dataSteps, algos, steps, truth, discount, fqeSteps, fqeEvery, fqeRefits, fqeHidden, bootstrap, seed, output,
        };
        command.SetAction(parse => context.Guard(() =>
        {
            static int[] Ints(string text) => [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
            var options = new OffPolicyCheckOptions
            {
                EnvironmentId = parse.GetValue(env)!,
                DatasetKind = EpisodeDatasets.ParseKind(parse.GetValue(kind)!),
                DataSteps = parse.GetValue(dataSteps),
                Algorithms = [.. parse.GetValue(algos)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
                TrainingSteps = Ints(parse.GetValue(steps)!),
                TruthEpisodes = parse.GetValue(truth),
                Seed = parse.GetValue(seed),
                Evaluation = new OffPolicyEvaluationOptions
                {
                    Discount = parse.GetValue(discount),
                    BootstrapResamples = parse.GetValue(bootstrap),
                    FittedQ = { Steps = parse.GetValue(fqeSteps), TargetUpdateInterval = parse.GetValue(fqeEvery), Refits = parse.GetValue(fqeRefits), HiddenSizes = Ints(parse.GetValue(fqeHidden)!) },
                },
            };
            var path = parse.GetValue(output);
            var report = OffPolicyCheck.Run(options, row =>
            {
                var estimates = string.Join("  ", row.Estimates.Estimates.Select(e => e.ToString()));
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{row.Name,-18} true {row.TrueValue:G4} ± {row.TrueStandardError:G2} (return {row.MeanReturn:0.#})  {estimates}  ({row.EvaluationSeconds:0.#} s)"));
                if (path is not null)
                {
                    File.AppendAllText(path, JsonSerializer.Serialize(row, Json) + Environment.NewLine);
                }
            });
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{report.EnvironmentId}: {report.Policies.Count} policies, data {report.DataEpisodes} episodes / {report.DataSteps} steps, γ {options.Evaluation.Discount}"));
            context.Output.WriteLine("estimator  policies  spearman  regret@1  coverage  mean error");
            foreach (var e in report.Estimators)
            {
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{e.Estimator,-9}  {e.Policies,8}  {e.Spearman,8:0.000}  {e.RegretAtOne,8:0.000}  {e.Coverage,8:0.00}  {e.MeanError,10:G4}"));
            }

            if (path is not null)
            {
                File.AppendAllText(path, JsonSerializer.Serialize(new { summary = report.Estimators, report.EnvironmentId, report.DataEpisodes, report.DataSteps }, Json) + Environment.NewLine);
            }

            return 0;
        }));
        return command;
    }
}
