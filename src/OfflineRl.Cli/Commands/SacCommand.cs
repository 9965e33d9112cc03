using System.CommandLine;
using System.Globalization;
using OfflineRl.MLNet.Algorithms.Sac;
using OfflineRl.MLNet.Environments;

namespace OfflineRl.Cli.Commands;

/// <summary>
/// <c>offlinerl sac --env Hopper-v4 --steps N --out folder</c>: trains a behaviour policy online with soft actor-critic in a
/// MuJoCo task, saving and scoring the greedy policy at intervals and every transition in order (the medium-replay log).
/// </summary>
public static class SacCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var env = new Option<string>("--env") { Description = $"Locomotion task: {string.Join(", ", EnvironmentCatalog.LocomotionIds)}.", Required = true };
        var steps = new Option<int>("--steps") { Description = "Environment steps in all.", DefaultValueFactory = _ => 1_000_000 };
        var randomSteps = new Option<int>("--random-steps") { Description = "Uniformly random steps before the policy acts.", DefaultValueFactory = _ => 10_000 };
        var every = new Option<int>("--eval-every") { Description = "Evaluate and save the greedy policy every N steps.", DefaultValueFactory = _ => 10_000 };
        var episodes = new Option<int>("--eval-episodes") { Description = "Greedy episodes per evaluation.", DefaultValueFactory = _ => 10 };
        var hidden = new Option<string>("--hidden") { Description = "Hidden widths, comma-separated.", DefaultValueFactory = _ => "256,256" };
        var batch = new Option<int>("--batch") { Description = "Batch size.", DefaultValueFactory = _ => SoftActorCriticAgentOptions.DefaultBatchSize };
        var seed = new Option<int>("--seed") { Description = "Seed of the run.", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--out") { Description = "Output folder: policy-step{N}.bin, checkpoints.csv, replay.npz.", Required = true };
        var command = new Command("sac", "Train a behaviour policy online with soft actor-critic in a MuJoCo locomotion task (how the locomotion datasets' policies are made).")
        {
            env, steps, randomSteps, every, episodes, hidden, batch, seed, output,
        };
        command.SetAction(parse => context.Guard(() =>
        {
            var widths = parse.GetValue(hidden)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            var options = new BehaviorPolicyTrainingOptions
            {
                Steps = parse.GetValue(steps),
                RandomSteps = parse.GetValue(randomSteps),
                EvaluateEvery = parse.GetValue(every),
                EvaluationEpisodes = parse.GetValue(episodes),
                Agent = new SoftActorCriticAgentOptions { HiddenSizes = widths, BatchSize = parse.GetValue(batch), Seed = parse.GetValue(seed) },
            };
            var folder = parse.GetValue(output)!;
            var checkpoints = BehaviorPolicyTraining.Run(parse.GetValue(env)!, folder, options, new LineProgress(context.Output.WriteLine));
            var best = checkpoints.MaxBy(c => c.MeanReturn)!;
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"best: step {best.Step}, return {best.MeanReturn:0.0} (score {best.NormalizedScore:0.0}); {folder}/checkpoints.csv lists every checkpoint"));
            return 0;
        }));
        return command;
    }

}
