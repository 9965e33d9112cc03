using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Nn;
using OfflineRl.MLNet.Policies;
using OfflineRl.MLNet.Training;

namespace OfflineRl.MLNet.Algorithms.Sac;

/// <summary>
/// Online soft actor-critic (Haarnoja, Zhou, Abbeel &amp; Levine 2018, https://arxiv.org/abs/1801.01290): a replay buffer
/// fed by the caller's environment loop, actions drawn from the tanh-squashed Gaussian policy, and one update per call on a
/// batch from the buffer — the update continuous CQL runs without its penalty. This library uses it to train the
/// behaviour policies its locomotion datasets are logged with, as D4RL did; it is not an offline method.
/// </summary>
/// <remarks>Not thread-safe. Observations are used raw (no normalization); actions are in the environment's units.</remarks>
public sealed class SoftActorCriticAgent
{
    private readonly SoftActorCritic _sac;
    private readonly ReplayBuffer _replay;
    private readonly PolicyPreprocessing _scaling;
    private readonly NnRandom _batches, _draws;
    private readonly float[] _scaled;
    private int _updates;

    /// <summary>Creates an agent with freshly initialized networks and an empty replay buffer.</summary>
    /// <param name="observationDimension">Width of an observation.</param>
    /// <param name="actionSpace">A continuous action space with finite bounds.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <exception cref="ArgumentException">For a discrete action space.</exception>
    /// <exception cref="Trainers.InvalidOptionsException">When <paramref name="options"/> are out of range.</exception>
    public SoftActorCriticAgent(int observationDimension, ActionSpace actionSpace, SoftActorCriticAgentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(actionSpace);
        ArgumentOutOfRangeException.ThrowIfLessThan(observationDimension, 1);
        if (actionSpace.IsDiscrete)
        {
            throw new ArgumentException($"Soft actor-critic needs continuous actions; got {actionSpace}.", nameof(actionSpace));
        }

        Options = options ?? new SoftActorCriticAgentOptions();
        Options.Validate();
        var o = Options;
        var settings = new SoftActorCriticSettings(o.Discount, o.LearningRate, o.Temperature, o.LearnTemperature, -actionSpace.Dimension, BackupEntropy: true);
        var seed = (ulong)o.Seed;
        _sac = new SoftActorCritic(Shape(observationDimension, actionSpace), [.. o.HiddenSizes], o.BatchSize, o.LearningRate, o.TargetUpdateRate, settings,
            new NnRandom(seed), new NnRandom(seed ^ 0x5AC0_0001UL), SquashedGaussian.DefaultLogStdMin, SquashedGaussian.DefaultLogStdMax);
        _replay = new ReplayBuffer(o.ReplayCapacity, observationDimension, actionSpace.Dimension, o.BatchSize);
        _scaling = PolicyPreprocessing.From(null, actionSpace);
        (_batches, _draws) = (new NnRandom(seed ^ 0x5AC0_0002UL), new NnRandom(seed ^ 0x5AC0_0003UL));
        _scaled = new float[actionSpace.Dimension];
        ActionSpace = actionSpace;
    }

    /// <summary>The settings.</summary>
    public SoftActorCriticAgentOptions Options { get; }

    /// <summary>The actions it takes.</summary>
    public ActionSpace ActionSpace { get; }

    /// <summary>The policy being trained (tanh of its mean when acted greedily; <see cref="Policy.Save(string)"/> keeps it).</summary>
    public Policy Policy => _sac.Head;

    /// <summary>Transitions in the replay buffer.</summary>
    public int ReplayCount => _replay.Count;

    /// <summary>Updates taken.</summary>
    public int Updates => _updates;

    /// <summary>The entropy temperature α now.</summary>
    public double Temperature => _sac.Temperature.Value;

    /// <summary>The last update's critic TD loss and actor loss.</summary>
    public (double Critic, double Actor) LastLosses => (_sac.Losses.Critic, _sac.Losses.Actor);

    /// <summary>Draws an exploratory action from the policy's distribution.</summary>
    /// <param name="observation">The raw observation.</param>
    /// <param name="action">Receives the action in the environment's units.</param>
    public void Explore(ReadOnlySpan<float> observation, Span<float> action) => Policy.Sample(observation, action, _draws);

    /// <summary>Stores one transition.</summary>
    /// <param name="observation">s.</param>
    /// <param name="action">a, in the environment's units (as <see cref="Explore"/> gave it or any other behaviour did).</param>
    /// <param name="reward">r.</param>
    /// <param name="terminal">Whether the MDP ended (a time-limit truncation is not terminal: its s′ still has a value).</param>
    /// <param name="nextObservation">s′.</param>
    public void Remember(ReadOnlySpan<float> observation, ReadOnlySpan<float> action, float reward, bool terminal, ReadOnlySpan<float> nextObservation)
    {
        _scaling.ScaleActions(action, _scaled, 1, _scaled.Length);
        _replay.Add(observation, _scaled, reward, terminal, nextObservation);
    }

    /// <summary>One soft actor-critic update on a batch drawn from the replay buffer.</summary>
    /// <exception cref="InvalidOperationException">While the buffer holds fewer transitions than a batch.</exception>
    public void Update()
    {
        if (_replay.Count < Options.BatchSize)
        {
            throw new InvalidOperationException($"The replay buffer holds {_replay.Count} transitions; an update needs a batch of {Options.BatchSize}.");
        }

        _sac.Update(_updates++, _replay.Sample(_batches));
    }

    // The soft actor-critic builds its networks for a dataset's shape; two rows carry it (raw observations, the bounds).
    private static TrajectoryDataset Shape(int observationDimension, ActionSpace actionSpace)
    {
        var builder = new TrajectoryDatasetBuilder("online", observationDimension, actionSpace.Dimension);
        var observation = new float[observationDimension];
        var action = actionSpace.Low!.ToArray();
        builder.AddStep(0, observation, action, 0f, false, false, observation, 0);
        builder.AddStep(0, observation, action, 0f, true, false, observation, 1);
        return builder.Build(new DatasetLoadOptions { ActionKind = ActionKind.Continuous, ActionLow = actionSpace.Low, ActionHigh = actionSpace.High, SourceName = "online" });
    }
}
