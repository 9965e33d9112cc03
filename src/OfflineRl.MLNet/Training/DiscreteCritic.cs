using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Nn;
using OfflineRl.MLNet.Policies;

namespace OfflineRl.MLNet.Training;

/// <summary>
/// One Q network with one output per discrete action, its Polyak-averaged target and the buffers of a double-Q step
/// (<see cref="DiscreteQLearning"/>): the next states' online and target values, the targets y and ∂L/∂Q. The greedy
/// policy over it (<see cref="Policy"/>) reads the same parameters.
/// </summary>
internal sealed class DiscreteCritic
{
    private readonly int _batch;
    private readonly float[] _nextOnline, _nextTarget;

    public DiscreteCritic(TrajectoryDataset data, IReadOnlyList<int> hiddenSizes, int batch, float learningRate, float targetRate, NnRandom random)
    {
        Actions = data.ActionSpace.Count;
        _batch = batch;
        NetworkOptions = new PolicyNetworkOptions { HiddenSizes = hiddenSizes.ToArray() };
        Network = new TrainedNetwork("q", NetworkOptions.ToMlp(data.ObservationDimension, Actions, Activation.None), batch, learningRate, random, targetRate: targetRate);
        Preprocessing = PolicyPreprocessing.From(data.ObservationNormalization, null);
        (_nextOnline, _nextTarget, Targets, Gradient) = (new float[batch * Actions], new float[batch * Actions], new float[batch], new float[batch * Actions]);
    }

    /// <summary>Q and its target.</summary>
    public TrainedNetwork Network { get; }

    /// <summary>The hidden layers (the policy's network options).</summary>
    public PolicyNetworkOptions NetworkOptions { get; }

    /// <summary>The data's observation normalization, as the policy applies it.</summary>
    public PolicyPreprocessing Preprocessing { get; }

    /// <summary>Number of discrete actions n.</summary>
    public int Actions { get; }

    /// <summary>The targets y of the current batch.</summary>
    public float[] Targets { get; }

    /// <summary>∂L/∂Q of the current batch (B × n).</summary>
    public float[] Gradient { get; }

    /// <summary>Q(s′, ·) of the online network, for the double-Q choice of the next action.</summary>
    public void EvaluateNextOnline(ReadOnlySpan<float> nextObservations) =>
        Network.Net.Evaluate(nextObservations, _batch).CopyTo(_nextOnline);

    /// <summary>Q̄(s′, ·) of the target network.</summary>
    public void EvaluateNextTarget(ReadOnlySpan<float> nextObservations) =>
        Network.Targets[0].Evaluate(nextObservations, _batch).CopyTo(_nextTarget);

    /// <summary>
    /// After both evaluations: y = r + γ·(1 − done)·Q̄(s′, argmax over allowed a of Q(s′, a)) into <see cref="Targets"/>
    /// (every action allowed when <paramref name="nextBehaviorLogits"/> is empty).
    /// </summary>
    public void ComputeTargets(BatchSampler batch, float discount, ReadOnlySpan<float> nextBehaviorLogits = default, float logThreshold = float.NegativeInfinity) =>
        DiscreteQLearning.DoubleQTargets(_nextOnline, _nextTarget, nextBehaviorLogits, logThreshold, batch.Rewards, batch.NotDone, discount, Actions, Targets);

    /// <summary>The training forward pass Q(s, ·) of the batch.</summary>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> observations) => Network.Net.Forward(observations, _batch, training: true);

    /// <summary>After <see cref="Forward"/> and <see cref="ComputeTargets"/>: the TD loss ½·mean (Q(s, a) − y)², its gradient into <see cref="Gradient"/>.</summary>
    public double TemporalDifference(ReadOnlySpan<int> actions) =>
        DiscreteQLearning.TemporalDifference(Network.Net.Output, actions, Targets, Actions, Gradient);

    /// <summary>Back-propagates <see cref="Gradient"/>, takes the optimizer step and moves the target.</summary>
    public void Update(int step)
    {
        Network.Net.Backward(Gradient, _batch, accumulate: false);
        Network.Update(step);
    }

    /// <summary>The greedy policy over this Q (and over <paramref name="behaviorParameters"/>' allowed actions when given).</summary>
    public GreedyQPolicy Policy(TrajectoryDataset data, float[]? behaviorParameters = null, float threshold = 0f) =>
        new(data.ObservationDimension, Actions, NetworkOptions, Preprocessing, Network.Parameters, behaviorParameters, threshold);
}
