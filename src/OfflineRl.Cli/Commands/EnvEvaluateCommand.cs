using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using OfflineRl.MLNet.Environments;
using OfflineRl.MLNet.Evaluation;
using OfflineRl.MLNet.Onnx;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.Cli.Commands;

/// <summary><c>offlinerl evaluate-env --policy &lt;dir|policy.bin|file.onnx&gt; --env &lt;id&gt; --episodes 20 --seed S [--json]</c>: run a policy online.</summary>
public static class EnvEvaluateCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var policy = new Option<string>("--policy") { Description = "A saved policy directory (model.json + policy.bin), a native policy file (.bin, such as `sac`'s policy-step{N}.bin) or an exported .onnx file.", Required = true };
        var env = new Option<string>("--env") { Description = $"Environment: {string.Join(", ", EnvironmentCatalog.Ids)}.", Required = true };
        var episodes = new Option<int>("--episodes") { Description = "Evaluation episodes.", DefaultValueFactory = _ => PolicyEvaluator.DefaultEpisodes };
        var seed = new Option<int>("--seed") { Description = "Evaluation seed (episode reset seeds derive from it).", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var command = new Command("evaluate-env", "Run a policy greedily in a built-in environment: mean and std of return, normalized score, success rate.")
        {
            policy, env, episodes, seed, json,
        };
        command.SetAction(parse => context.Guard(() =>
        {
            var path = parse.GetValue(policy)!;
            var id = EnvironmentCatalog.Canonical(parse.GetValue(env)!);
            EvaluationResult result;
            if (path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
            {
                using var onnx = OnnxPolicy.Load(path);
                result = PolicyEvaluator.Evaluate(PolicyActors.From(onnx), id, parse.GetValue(episodes), parse.GetValue(seed));
            }
            else
            {
                var loaded = PolicyFiles.Load(path);
                result = PolicyEvaluator.Evaluate(PolicyActors.From(loaded), id, parse.GetValue(episodes), parse.GetValue(seed));
            }

            if (parse.GetValue(json))
            {
                context.Output.WriteLine(JsonSerializer.Serialize(result, Json));
            }
            else
            {
                var success = result.SuccessRate is { } rate ? string.Create(CultureInfo.InvariantCulture, $", success {100 * rate:0.#}%") : string.Empty;
                context.Output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{result.EnvironmentId}: {result.Episodes} episodes (seed {result.Seed}): return {result.MeanReturn:0.###} ± {result.StdReturn:0.###}, " +
                    $"mean length {result.MeanLength:0.#}, normalized score {result.NormalizedScore:0.#}{success}"));
            }

            return 0;
        }));
        return command;
    }
}
