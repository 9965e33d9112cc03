using Microsoft.ML;
using OfflineRl.MLNet.Algorithms.Awr;
using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Training;

namespace OfflineRl.MLNet.Algorithms.Marwil;

/// <summary>
/// MARWIL: V fitted to Monte-Carlo returns (AWR's value fit), then behavior cloning weighted by
/// w = min(exp(β·A/c), MaxWeight) with c a running scale of the advantages (<see cref="AdvantageScale"/>).
/// With β = 0 it trains the same weights as behavior cloning, bit for bit.
/// </summary>
/// <remarks>Wang et al. 2018: https://papers.nips.cc/paper/7866 .</remarks>
public sealed class MarwilTrainer : PolicyTrainer<MarwilOptions>
{
    internal MarwilTrainer(MLContext context, MarwilOptions? options)
        : base(context, options ?? new MarwilOptions(), "marwil")
    {
    }

    /// <summary>Adds <c>ReturnToGo</c> (when missing) and <c>Advantage</c> = G − V(s) with V fitted by MSE to G.</summary>
    private protected override TrajectoryDataset Prepare(TrajectoryDataset data, int seed, Action<string> warn)
    {
        var returns = AdvantageWeightsTransformer.ReturnsOf(data, Options.Discount);
        var value = AdvantageWeightsEstimator.FitValueNetwork(data, returns, Options, Options.ValueSteps, seed);
        var v = value.Evaluate(data.Observations, data.Count);
        var advantages = new float[data.Count];
        for (var i = 0; i < advantages.Length; i++)
        {
            advantages[i] = returns[i] - v[i];
        }

        var result = data.HasColumn(ColumnNames.ReturnToGo) ? data : data.WithColumn(ColumnNames.ReturnToGo, returns);
        return result.WithColumn(ColumnNames.Advantage, advantages);
    }

    private protected override TrainingAlgorithm CreateAlgorithm(TrajectoryDataset data, int seed) =>
        new BehaviorCloningAlgorithm(data, Options, Options.Head, Options.CosineDecay, seed, new MarwilWeighting(data.GetColumn(ColumnNames.Advantage).ToArray(), Options));

    /// <summary>Each batch: its advantages move c², then w = min(exp(β·A/c), MaxWeight).</summary>
    private sealed class MarwilWeighting(float[] advantages, MarwilOptions options) : BatchWeighting
    {
        private readonly float[] _batch = new float[options.BatchSize];
        private readonly AdvantageScale _scale = new(options.ScaleUpdateRate);

        public override void Weigh(ReadOnlySpan<int> rows, Span<float> weights)
        {
            for (var b = 0; b < rows.Length; b++)
            {
                _batch[b] = advantages[rows[b]];
            }

            _scale.Update(_batch);
            AdvantageWeighting.ScaledBatchWeights(_batch, options.Weighting.InverseTemperature, _scale.Scale, options.Weighting.MaxWeight, weights);
        }

        public override void Write(BinaryWriter writer) => _scale.Write(writer);

        public override void Read(BinaryReader reader) => _scale.Read(reader);
    }
}
