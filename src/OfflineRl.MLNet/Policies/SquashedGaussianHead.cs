using OfflineRl.MLNet.Nn;

namespace OfflineRl.MLNet.Policies;

/// <summary>
/// SAC's actor (<see cref="SquashedGaussian"/>): one MLP maps the observation to [m, r], 2n linear outputs; log σ = clamp(r)
/// depends on the state; π is tanh(N(m, σ²)). Act returns the deterministic tanh(m), Sample draws tanh(m + σ·ε); both are
/// then mapped to environment units.
/// </summary>
internal sealed class SquashedGaussianHead : MlpHead
{
    private readonly float[] _noise;
    private readonly float[] _logProb = new float[1];

    /// <summary>Creates a policy with zero network parameters; call <see cref="MlpHead.Initialize"/> before training.</summary>
    public SquashedGaussianHead(
        int observationDimension,
        int actionDimension,
        PolicyNetworkOptions? network = null,
        PolicyPreprocessing? preprocessing = null,
        int maxBatch = 256,
        float logStdMin = SquashedGaussian.DefaultLogStdMin,
        float logStdMax = SquashedGaussian.DefaultLogStdMax)
        : base(PolicyKind.SquashedGaussian, observationDimension, CheckDimension(actionDimension), 0, 2 * actionDimension, Activation.None, 0, network, preprocessing, maxBatch, null)
    {
        if (!(logStdMin <= logStdMax) || !float.IsFinite(logStdMin) || !float.IsFinite(logStdMax))
        {
            throw new ArgumentException($"logσ bounds [{logStdMin}, {logStdMax}] are invalid.");
        }

        (LogStdMin, LogStdMax) = (logStdMin, logStdMax);
        _noise = new float[actionDimension];
    }

    /// <summary>Lower clamp of log σ.</summary>
    public float LogStdMin { get; }

    /// <summary>Upper clamp of log σ.</summary>
    public float LogStdMax { get; }

    public override Dictionary<string, float> HeadOptions() => new() { ["logStdMin"] = LogStdMin, ["logStdMax"] = LogStdMax };

    private protected override void ActFromOutput(ReadOnlySpan<float> output, int rows, Span<float> actions)
    {
        var n = ActionDimension;
        for (var b = 0; b < rows; b++)
        {
            for (var d = 0; d < n; d++)
            {
                actions[b * n + d] = MathF.Tanh(output[b * 2 * n + d]);
            }
        }

        Preprocessing.UnscaleActions(actions, actions, rows, n);
    }

    private protected override void SampleFromOutput(ReadOnlySpan<float> output, Span<float> action, NnRandom random)
    {
        for (var d = 0; d < ActionDimension; d++)
        {
            _noise[d] = (float)random.NextGaussian();
        }

        SquashedGaussian.Sample(output, _noise, 1, ActionDimension, LogStdMin, LogStdMax, action, _logProb);
        Preprocessing.UnscaleActions(action, action, 1, ActionDimension);
    }

    private protected override void LogProbFromOutput(ReadOnlySpan<float> output, ReadOnlySpan<float> scaledActions, int rows, Span<float> logProbs) =>
        SquashedGaussian.LogProb(output, scaledActions, rows, ActionDimension, LogStdMin, LogStdMax, logProbs);

    private protected override float RowLoss(in LossRows rows) =>
        SquashedGaussian.NegativeLogLikelihood(rows.Output, rows.Actions, rows.Weights, rows.Count, ActionDimension, rows.BatchSize, LogStdMin, LogStdMax, rows.OutputGradient);

    private static int CheckDimension(int actionDimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(actionDimension, 1);
        return actionDimension;
    }
}
