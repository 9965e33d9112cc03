using OfflineRl.MLNet.Nn;

namespace OfflineRl.MLNet.Policies;

/// <summary>
/// A deterministic continuous policy: a = tanh(f(s)) in [−1, 1], mapped to environment units. Its training loss is the
/// weighted squared error <c>(1/B)·Σ_b w_b·Σ_d (π(s_b)_d − a_bd)²</c> (CORL's deterministic IQL actor). It has no
/// density: <see cref="Policy.Sample"/> returns the deterministic action and LogProb throws. With a chunk length h &gt; 1
/// it emits an action chunk: h × action dimension outputs per observation, first action first (Q-chunking's policy).
/// </summary>
internal sealed class DeterministicHead : MlpHead
{
    /// <summary>Creates a policy with zero parameters; call <see cref="MlpHead.Initialize"/> before training.</summary>
    public DeterministicHead(
        int observationDimension,
        int actionDimension,
        PolicyNetworkOptions? network = null,
        PolicyPreprocessing? preprocessing = null,
        int maxBatch = 256,
        NnRandom? dropoutRandom = null,
        int chunkLength = 1)
        : base(PolicyKind.Deterministic, observationDimension, CheckDimension(actionDimension), 0, actionDimension * chunkLength, Activation.Tanh, 0, network, preprocessing, maxBatch, dropoutRandom, chunkLength)
    {
    }

    /// <summary>The chunk length, in the saved header when it is not 1 (so single-action policies save as before).</summary>
    public override Dictionary<string, float> HeadOptions() => ChunkLength == 1 ? [] : new() { [ChunkLengthOption] = ChunkLength };

    /// <summary>The header key of the chunk length.</summary>
    public const string ChunkLengthOption = "chunkLength";

    // A chunk's h actions are h rows of one action each for the un-scaling.
    private protected override void ActFromOutput(ReadOnlySpan<float> output, int rows, Span<float> actions) =>
        Preprocessing.UnscaleActions(output, actions, rows * ChunkLength, ActionDimension);

    private protected override void SampleFromOutput(ReadOnlySpan<float> output, Span<float> action, NnRandom random) =>
        Preprocessing.UnscaleActions(output, action, ChunkLength, ActionDimension);

    private protected override void LogProbFromOutput(ReadOnlySpan<float> output, ReadOnlySpan<float> scaledActions, int rows, Span<float> logProbs) =>
        throw new NotSupportedException("A deterministic policy has no density; use its squared-error loss instead.");

    private protected override float RowLoss(in LossRows rows)
    {
        var n = ActionsPerRow;
        ReadOnlySpan<float> output = rows.Output, scaledActions = rows.Actions, weights = rows.Weights;
        var outputGradient = rows.OutputGradient;
        double total = 0;
        var invB = 1.0 / rows.BatchSize;
        for (var b = 0; b < rows.Count; b++)
        {
            double w = weights.IsEmpty ? 1f : weights[b];
            double row = 0;
            for (var d = 0; d < n; d++)
            {
                var i = (b * n) + d;
                var diff = output[i] - (double)scaledActions[i];
                row += diff * diff;
                outputGradient[i] = (float)(2.0 * w * diff * invB);
            }

            total += w * row;
        }

        return (float)(total * invB);
    }

    private static int CheckDimension(int actionDimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(actionDimension, 1);
        return actionDimension;
    }
}
