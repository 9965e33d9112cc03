using System.Diagnostics;
using System.Globalization;
using OfflineRl.MLNet.Algorithms.Sac;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Evaluation;

namespace OfflineRl.MLNet.Environments;

/// <summary>Settings of <see cref="BehaviorPolicyTraining"/>.</summary>
public sealed class BehaviorPolicyTrainingOptions
{
    /// <summary>Environment steps in all.</summary>
    public int Steps { get; set; } = 1_000_000;

    /// <summary>Steps of uniformly random actions before the policy acts (SAC's usual 10,000).</summary>
    public int RandomSteps { get; set; } = 10_000;

    /// <summary>Evaluate the greedy policy (and save it) every this many environment steps.</summary>
    public int EvaluateEvery { get; set; } = 10_000;

    /// <summary>Greedy evaluation episodes per checkpoint.</summary>
    public int EvaluationEpisodes { get; set; } = 10;

    /// <summary>The agent's settings (its seed seeds the run).</summary>
    public SoftActorCriticAgentOptions Agent { get; set; } = new();
}

/// <summary>One checkpoint of a behaviour-policy run: where it was saved and how it scored.</summary>
/// <param name="Step">Environment steps taken.</param>
/// <param name="MeanReturn">Mean greedy return over the evaluation episodes.</param>
/// <param name="NormalizedScore">The same on D4RL's scale.</param>
/// <param name="PolicyPath">The saved policy.</param>
/// <param name="Seconds">Wall-clock seconds since the run started.</param>
public sealed record BehaviorCheckpoint(int Step, double MeanReturn, double NormalizedScore, string PolicyPath, double Seconds);

/// <summary>
/// Trains a behaviour policy online with soft actor-critic in a locomotion task, as D4RL made its behaviour policies: every
/// transition is kept in order (the replay log medium-replay is cut from), and the greedy policy is evaluated and saved at
/// fixed intervals, so the medium (about a third of the expert's return) and expert checkpoints can be picked afterwards.
/// </summary>
public static class BehaviorPolicyTraining
{
    /// <summary>Runs one training run, writing <c>policy-step{N}.bin</c>, <c>checkpoints.csv</c> and <c>replay.npz</c> (every transition, in order) into <paramref name="folder"/>.</summary>
    /// <param name="environmentId">A locomotion task.</param>
    /// <param name="folder">The output folder (created).</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="progress">Receives a line per checkpoint.</param>
    /// <returns>The checkpoints in order.</returns>
    public static IReadOnlyList<BehaviorCheckpoint> Run(string environmentId, string folder, BehaviorPolicyTrainingOptions? options = null, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        options ??= new BehaviorPolicyTrainingOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.EvaluateEvery, 1);
        Directory.CreateDirectory(folder);
        var checkpoints = new List<BehaviorCheckpoint>();
        var clock = Stopwatch.StartNew();
        var replay = Train(environmentId, options, (t, agent, episodes) =>
        {
            if (t % options.EvaluateEvery != 0 && t != options.Steps)
            {
                return;
            }

            var path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"policy-step{t}.bin"));
            agent.Policy.Save(path);
            var score = PolicyEvaluator.Evaluate(PolicyActors.From(agent.Policy), environmentId, options.EvaluationEpisodes, options.Agent.Seed + 1000);
            checkpoints.Add(new BehaviorCheckpoint(t, score.MeanReturn, score.NormalizedScore, path, clock.Elapsed.TotalSeconds));
            WriteLog(folder, checkpoints);
            progress?.Report(string.Create(CultureInfo.InvariantCulture,
                $"{EnvironmentCatalog.Canonical(environmentId)} step {t}: return {score.MeanReturn:0.0} (score {score.NormalizedScore:0.0}), α {agent.Temperature:0.###}, {episodes} episodes, {clock.Elapsed.TotalSeconds:0} s"));
        });
        NpzDatasetWriter.Write(replay, Path.Combine(folder, "replay.npz"));
        return checkpoints;
    }

    /// <summary>
    /// The replay log of a run with these settings up to <paramref name="steps"/> (the run itself, without checkpoints):
    /// what medium-replay is cut from. Evaluation never draws from the run's random streams, so this is the same log a
    /// <see cref="Run"/> with the same agent settings wrote, on a CPU with the same vector width.
    /// </summary>
    /// <param name="environmentId">A locomotion task.</param>
    /// <param name="steps">Environment steps.</param>
    /// <param name="options">The run's settings (its <see cref="BehaviorPolicyTrainingOptions.Steps"/> is replaced by <paramref name="steps"/>).</param>
    /// <returns>Every transition in the order it was taken; the episode running at the last step marked truncated.</returns>
    public static TrajectoryDataset ReplayLog(string environmentId, int steps, BehaviorPolicyTrainingOptions? options = null)
    {
        options ??= new BehaviorPolicyTrainingOptions();
        var run = new BehaviorPolicyTrainingOptions { Steps = steps, RandomSteps = options.RandomSteps, EvaluateEvery = options.EvaluateEvery, EvaluationEpisodes = options.EvaluationEpisodes, Agent = options.Agent };
        return Train(environmentId, run, (_, _, _) => { });
    }

    // The SAC run: one environment step, one update per step; `afterStep(t, agent, episodes so far)` sees each step's end.
    private static TrajectoryDataset Train(string environmentId, BehaviorPolicyTrainingOptions options, Action<int, SoftActorCriticAgent, int> afterStep)
    {
        var entry = EnvironmentRegistry.Get(environmentId);
        if (!entry.IsLocomotion)
        {
            throw new ArgumentException($"{entry.Id} is not a locomotion task ({string.Join(", ", EnvironmentCatalog.LocomotionIds)}).", nameof(environmentId));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.Steps, 1);
        using var environment = (LocomotionEnvironment)entry.Create();
        var agent = new SoftActorCriticAgent(environment.ObservationDimension, environment.ActionSpace, options.Agent);
        var seed = options.Agent.Seed;
        var uniform = new UniformController(entry.Id, environment.ActionSpace);
        uniform.Reset(unchecked((int)SeededRandom.Derive(seed, -1)));
        var episodes = new List<EnvironmentEpisode>();
        var recorder = new EpisodeRecorder(environment);
        var episode = 0;
        var observation = environment.Reset(unchecked((int)SeededRandom.Derive(seed, episode)));
        var action = new float[environment.ActionSpace.Dimension];
        for (var t = 1; t <= options.Steps; t++)
        {
            if (t <= options.RandomSteps)
            {
                uniform.Act(observation).CopyTo(action, 0);
            }
            else
            {
                agent.Explore(observation, action);
            }

            var result = environment.Step(action);
            recorder.Add(observation, action, result);
            agent.Remember(observation, action, (float)result.Reward, result.Terminated, result.Observation);
            if (agent.ReplayCount >= options.Agent.BatchSize)
            {
                agent.Update();
            }

            if (result.Done || t == options.Steps)
            {
                if (!result.Done)
                {
                    recorder.TruncateLast();
                }

                episodes.Add(recorder.Build("sac"));
                recorder = new EpisodeRecorder(environment);
                observation = environment.Reset(unchecked((int)SeededRandom.Derive(seed, ++episode)));
            }
            else
            {
                observation = result.Observation;
            }

            afterStep(t, agent, episodes.Count);
        }

        return EpisodeDatasets.ToDataset(episodes, $"{entry.Id}-sac-replay-seed{seed}", environment.ActionSpace);
    }

    private static void WriteLog(string folder, IReadOnlyList<BehaviorCheckpoint> checkpoints)
    {
        var lines = new List<string> { "step,mean_return,normalized_score,seconds,policy" };
        lines.AddRange(checkpoints.Select(c => string.Create(CultureInfo.InvariantCulture,
            $"{c.Step},{c.MeanReturn:0.###},{c.NormalizedScore:0.###},{c.Seconds:0.#},{Path.GetFileName(c.PolicyPath)}")));
        // Written beside and renamed over, so a killed run leaves the previous log whole.
        var path = Path.Combine(folder, "checkpoints.csv");
        File.WriteAllText(path + ".tmp", string.Join('\n', lines) + "\n");
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
