using OfflineRl.MLNet.Nn;

namespace OfflineRl.MLNet.Policies;

/// <summary>
/// A discrete policy that acts greedily on a Q network: a = argmax over allowed a of Q(s, a), first on ties. Without a
/// behaviour network every action is allowed (discrete CQL); with one (discrete BCQ) only the actions whose relative
/// behaviour probability G(a|s) / max G(·|s) exceeds <see cref="Threshold"/>, decided on the behaviour logits as
/// logit_a − max logit &gt; ln τ. π(a|s) is 1 for the chosen action and 0 for the others.
/// </summary>
/// <remarks>
/// The networks may share their parameter arrays with the trainer's (the policy then reads the current weights). Kind
/// <see cref="PolicyKind.Categorical"/>: its actions are indices, as every discrete policy's.
/// </remarks>
internal sealed class GreedyQPolicy : Policy
{
    /// <summary>The value given as log π of an action the policy never takes.</summary>
    public const float NeverLogProb = float.NegativeInfinity;

    private readonly float[] _observations;

    /// <summary>
    /// A policy over <paramref name="qParameters"/> (a network of <paramref name="network"/>'s hidden layers with one output
    /// per action) and, unless null, <paramref name="behaviorParameters"/> (one of the same shape giving G's logits).
    /// </summary>
    public GreedyQPolicy(
        int observationDimension,
        int actionCount,
        PolicyNetworkOptions network,
        PolicyPreprocessing? preprocessing,
        float[] qParameters,
        float[]? behaviorParameters,
        float threshold,
        int maxBatch = 256)
        : base(PolicyKind.Categorical, observationDimension, 1, CheckCount(actionCount), preprocessing)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(qParameters);
        if (!(threshold is >= 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The behaviour threshold must be in [0, 1).");
        }

        Network = network;
        MaxBatch = maxBatch;
        Threshold = threshold;
        LogThreshold = MathF.Log(threshold);
        Shape = network.ToMlp(observationDimension, actionCount, Activation.None);
        var count = Mlp.CountParameters(Shape);
        if (qParameters.Length != count || (behaviorParameters is not null && behaviorParameters.Length != count))
        {
            throw new ArgumentException($"A network of this shape has {count} parameters; got {qParameters.Length} and {behaviorParameters?.Length ?? count}.");
        }

        QParameters = qParameters;
        BehaviorParameters = behaviorParameters;
        Q = new Mlp(Shape, maxBatch, qParameters, new float[count], 0) { RowSharding = false };
        Behavior = behaviorParameters is null ? null : new Mlp(Shape, maxBatch, behaviorParameters, new float[count], 0) { RowSharding = false };
        _observations = new float[maxBatch * observationDimension];
    }

    /// <summary>Hidden layers of both networks.</summary>
    public PolicyNetworkOptions Network { get; }

    /// <summary>Shape of both networks (observation → one output per action).</summary>
    public MlpOptions Shape { get; }

    /// <summary>Rows per pass of the networks (larger batches run in parts).</summary>
    public int MaxBatch { get; }

    /// <summary>τ: an action is allowed when G(a|s) / max G(·|s) &gt; τ (0 without a behaviour network).</summary>
    public float Threshold { get; }

    /// <summary>ln τ, the bound on logit_a − max logit.</summary>
    public float LogThreshold { get; }

    /// <summary>The Q network.</summary>
    public Mlp Q { get; }

    /// <summary>The behaviour network G (logits), or null.</summary>
    public Mlp? Behavior { get; }

    /// <summary>Q's parameters.</summary>
    public float[] QParameters { get; }

    /// <summary>G's parameters, or null.</summary>
    public float[]? BehaviorParameters { get; }

    /// <summary>Every parameter: Q's, then G's.</summary>
    public float[] AllParameters() => [.. QParameters, .. BehaviorParameters ?? []];

    /// <summary>
    /// argmax over allowed a of <paramref name="q"/> (one row), first on ties: with <paramref name="behaviorLogits"/>
    /// only the actions with logit − max logit &gt; <paramref name="logThreshold"/> (the most probable one always is).
    /// </summary>
    public static int GreedyIndex(ReadOnlySpan<float> q, ReadOnlySpan<float> behaviorLogits, float logThreshold)
    {
        var top = float.NegativeInfinity;
        if (!behaviorLogits.IsEmpty)
        {
            for (var k = 0; k < behaviorLogits.Length; k++)
            {
                top = MathF.Max(top, behaviorLogits[k]);
            }
        }

        var best = -1;
        for (var k = 0; k < q.Length; k++)
        {
            if (!behaviorLogits.IsEmpty && !(behaviorLogits[k] - top > logThreshold))
            {
                continue;
            }

            if (best < 0 || q[k] > q[best])
            {
                best = k;
            }
        }

        return Math.Max(best, 0);
    }

    private protected override void ActCore(ReadOnlySpan<float> observations, int batch, Span<float> actions)
    {
        for (var start = 0; start < batch; start += MaxBatch)
        {
            var rows = Math.Min(MaxBatch, batch - start);
            var normalized = _observations.AsSpan(0, rows * ObservationDimension);
            Preprocessing.NormalizeObservations(observations.Slice(start * ObservationDimension, rows * ObservationDimension), normalized, rows, ObservationDimension);
            var q = Q.Forward(normalized, rows);
            var logits = Behavior is null ? default : Behavior.Forward(normalized, rows);
            var n = ActionCount;
            for (var r = 0; r < rows; r++)
            {
                actions[start + r] = GreedyIndex(q.Slice(r * n, n), logits.IsEmpty ? default : logits.Slice(r * n, n), LogThreshold);
            }
        }
    }

    private protected override void LogProbCore(ReadOnlySpan<float> observations, ReadOnlySpan<float> actions, int batch, Span<float> logProbs)
    {
        Span<float> chosen = stackalloc float[1];
        for (var r = 0; r < batch; r++)
        {
            var a = actions[r];
            if ((int)a != a || (uint)(int)a >= (uint)ActionCount)
            {
                throw new ArgumentOutOfRangeException(nameof(actions), a, $"Row {r}: action {a} is not an index in [0, {ActionCount}).");
            }

            ActCore(observations.Slice(r * ObservationDimension, ObservationDimension), 1, chosen);
            logProbs[r] = chosen[0] == a ? 0f : NeverLogProb;
        }
    }

    private protected override void SampleCore(ReadOnlySpan<float> observation, Span<float> action, NnRandom random) =>
        ActCore(observation, 1, action);

    private static int CheckCount(int actionCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(actionCount, 2);
        return actionCount;
    }
}
