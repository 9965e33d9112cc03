using OfflineRl.MLNet.Nn;

namespace OfflineRl.MLNet.Policies;

/// <summary>
/// A continuous policy as in the IQL paper's (and CORL's) Gaussian actor: an MLP with a tanh output gives the mean
/// μ = tanh(f(s)) in [−1, 1]; a state-independent parameter logσ (one per action dimension, initialised to 0) is
/// clipped to [<see cref="LogStdMin"/>, <see cref="LogStdMax"/>]; π(a|s) = Normal(μ, exp(logσ)) — an ordinary
/// Gaussian around a squashed mean, not a squashed distribution. Act returns μ; Sample draws μ + σ·ε and clips it to
/// [−1, 1]; both are then mapped to environment units.
/// </summary>
internal sealed class GaussianHead : MlpHead
{
    /// <summary>Default lower clip of logσ.</summary>
    public const float DefaultLogStdMin = -5f;

    /// <summary>Default upper clip of logσ.</summary>
    public const float DefaultLogStdMax = 2f;

    private readonly float[] _logStd;

    /// <summary>Creates a policy with zero network parameters and logσ = 0; call <see cref="MlpHead.Initialize"/> before training.</summary>
    public GaussianHead(
        int observationDimension,
        int actionDimension,
        PolicyNetworkOptions? network = null,
        PolicyPreprocessing? preprocessing = null,
        int maxBatch = 256,
        float logStdMin = DefaultLogStdMin,
        float logStdMax = DefaultLogStdMax,
        NnRandom? dropoutRandom = null)
        : base(PolicyKind.Gaussian, observationDimension, CheckDimension(actionDimension), 0, actionDimension, Activation.Tanh, actionDimension, network, preprocessing, maxBatch, dropoutRandom)
    {
        if (!(logStdMin <= logStdMax) || !float.IsFinite(logStdMin) || !float.IsFinite(logStdMax))
        {
            throw new ArgumentException($"logσ bounds [{logStdMin}, {logStdMax}] are invalid.");
        }

        LogStdMin = logStdMin;
        LogStdMax = logStdMax;
        _logStd = new float[actionDimension];
    }

    /// <summary>Lower clip of logσ.</summary>
    public float LogStdMin { get; }

    /// <summary>Upper clip of logσ.</summary>
    public float LogStdMax { get; }

    /// <summary>The raw (unclipped) logσ parameters: the last <see cref="IPolicy.ActionDimension"/> values of <see cref="MlpHead.Parameters"/>.</summary>
    public Span<float> LogStd => Parameters.Slice(NetworkParameterCount, ActionDimension);

    /// <inheritdoc />
    public override void Initialize(NnRandom random, MlpInitialization initialization = MlpInitialization.PyTorchDefault)
    {
        base.Initialize(random, initialization);
        LogStd.Clear();
    }

    /// <summary>Writes the clipped logσ used by the distribution.</summary>
    public void ClippedLogStd(Span<float> destination)
    {
        var raw = LogStd;
        for (var d = 0; d < raw.Length; d++)
        {
            destination[d] = Math.Clamp(raw[d], LogStdMin, LogStdMax);
        }
    }

    public override Dictionary<string, float> HeadOptions() => new() { ["logStdMin"] = LogStdMin, ["logStdMax"] = LogStdMax };

    private protected override void ActFromOutput(ReadOnlySpan<float> output, int rows, Span<float> actions) =>
        Preprocessing.UnscaleActions(output, actions, rows, ActionDimension);

    private protected override void SampleFromOutput(ReadOnlySpan<float> output, Span<float> action, NnRandom random)
    {
        ClippedLogStd(_logStd);
        for (var d = 0; d < ActionDimension; d++)
        {
            var a = output[d] + (MathF.Exp(_logStd[d]) * (float)random.NextGaussian());
            action[d] = Math.Clamp(a, -1f, 1f);
        }

        Preprocessing.UnscaleActions(action, action, 1, ActionDimension);
    }

    private protected override void LogProbFromOutput(ReadOnlySpan<float> output, ReadOnlySpan<float> scaledActions, int rows, Span<float> logProbs)
    {
        ClippedLogStd(_logStd);
        var n = ActionDimension;
        for (var r = 0; r < rows; r++)
        {
            logProbs[r] = (float)GaussianLogLikelihood.LogProb(scaledActions.Slice(r * n, n), output.Slice(r * n, n), _logStd);
        }
    }

    private protected override void PrepareLoss() => ClippedLogStd(_logStd);

    private protected override float RowLoss(in LossRows rows) =>
        GaussianLogLikelihood.NegativeLogLikelihood(
            rows.Actions, rows.Output, _logStd, rows.Count, ActionDimension, rows.OutputGradient, rows.ExtraGradient, rows.Weights, meanOver: rows.BatchSize);

    private protected override void AddExtraGradient(ReadOnlySpan<float> extraGradient)
    {
        // The clip passes the gradient where the raw value lies inside [min, max] (inclusive), as torch.clamp does.
        var raw = LogStd;
        var grads = Gradients.Slice(NetworkParameterCount, ActionDimension);
        for (var d = 0; d < ActionDimension; d++)
        {
            if (raw[d] >= LogStdMin && raw[d] <= LogStdMax)
            {
                grads[d] += extraGradient[d];
            }
        }
    }

    private static int CheckDimension(int actionDimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(actionDimension, 1);
        return actionDimension;
    }
}
