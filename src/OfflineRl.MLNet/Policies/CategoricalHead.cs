using OfflineRl.MLNet.Nn;

namespace OfflineRl.MLNet.Policies;

/// <summary>
/// A discrete policy: an MLP from the (normalised) observation to one logit per action, π = softmax(logits).
/// Act is the arg-max (first on ties); actions are indices stored as floats.
/// </summary>
internal sealed class CategoricalHead : MlpHead
{
    private readonly int[] _actionIndices;

    /// <summary>Creates a policy with zero parameters; call <see cref="MlpHead.Initialize"/> before training.</summary>
    public CategoricalHead(
        int observationDimension,
        int actionCount,
        PolicyNetworkOptions? network = null,
        PolicyPreprocessing? preprocessing = null,
        int maxBatch = 256,
        NnRandom? dropoutRandom = null)
        : base(PolicyKind.Categorical, observationDimension, 1, CheckCount(actionCount), actionCount, Activation.None, 0, network, preprocessing, maxBatch, dropoutRandom)
    {
        _actionIndices = new int[maxBatch];
    }

    /// <summary>Writes π(·|observation) for one raw observation into <paramref name="probabilities"/> (ActionCount values).</summary>
    public void Probabilities(ReadOnlySpan<float> observation, Span<float> probabilities)
    {
        var logits = Forward(observation, 1);
        var lse = CategoricalLogLikelihood.LogSumExp(logits);
        for (var k = 0; k < ActionCount; k++)
        {
            probabilities[k] = (float)Math.Exp(logits[k] - lse);
        }
    }

    /// <summary>The greedy action index for one raw observation.</summary>
    public int ActIndex(ReadOnlySpan<float> observation)
    {
        Span<float> a = stackalloc float[1];
        Act(observation, a);
        return (int)a[0];
    }

    private protected override void ActFromOutput(ReadOnlySpan<float> output, int rows, Span<float> actions)
    {
        for (var r = 0; r < rows; r++)
        {
            var row = output.Slice(r * ActionCount, ActionCount);
            var best = 0;
            for (var k = 1; k < row.Length; k++)
            {
                if (row[k] > row[best])
                {
                    best = k;
                }
            }

            actions[r] = best;
        }
    }

    private protected override void SampleFromOutput(ReadOnlySpan<float> output, Span<float> action, NnRandom random)
    {
        var lse = CategoricalLogLikelihood.LogSumExp(output);
        var u = random.NextDouble();
        double cumulative = 0;
        for (var k = 0; k < ActionCount; k++)
        {
            cumulative += Math.Exp(output[k] - lse);
            if (u < cumulative)
            {
                action[0] = k;
                return;
            }
        }

        action[0] = ActionCount - 1;
    }

    private protected override void LogProbFromOutput(ReadOnlySpan<float> output, ReadOnlySpan<float> scaledActions, int rows, Span<float> logProbs)
    {
        var indices = ToIndices(scaledActions.Slice(0, rows), 0);
        CategoricalLogLikelihood.NegativeLogLikelihood(output, indices, rows, ActionCount, default, default, logProbs);
    }

    private protected override float RowLoss(in LossRows rows) =>
        CategoricalLogLikelihood.NegativeLogLikelihood(
            rows.Output, ToIndices(rows.Actions, rows.FirstRow), rows.Count, ActionCount, rows.OutputGradient, rows.Weights, meanOver: rows.BatchSize);

    private static int CheckCount(int actionCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(actionCount, 2);
        return actionCount;
    }

    /// <summary>The checked action indices of batch rows from <paramref name="firstRow"/> on, in the index buffer's same rows.</summary>
    private ReadOnlySpan<int> ToIndices(ReadOnlySpan<float> actions, int firstRow)
    {
        for (var r = firstRow; r < firstRow + actions.Length; r++)
        {
            var a = actions[r - firstRow];
            var index = (int)a;
            if (index != a || (uint)index >= (uint)ActionCount)
            {
                throw new ArgumentOutOfRangeException(nameof(actions), a, $"Row {r}: action {a} is not an index in [0, {ActionCount}).");
            }

            _actionIndices[r] = index;
        }

        return _actionIndices.AsSpan(firstRow, actions.Length);
    }
}
