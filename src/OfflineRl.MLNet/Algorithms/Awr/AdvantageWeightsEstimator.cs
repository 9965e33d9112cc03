using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Nn;
using OfflineRl.MLNet.Pipeline;
using OfflineRl.MLNet.Transforms;

namespace OfflineRl.MLNet.Algorithms.Awr;

/// <summary>
/// Fits V(s) by MSE to the Monte-Carlo returns-to-go (the <c>ReturnToGo</c> column, computed with
/// <see cref="Returns.ReturnsToGo(TrajectoryDataset, double)"/> when missing); its transformer writes
/// <c>Advantage</c> = G − V(s) and <c>Weight</c> = min(exp(β·A), MaxWeight).
/// </summary>
public sealed class AdvantageWeightsEstimator : ITrajectoryEstimator<AdvantageWeightsTransformer>
{
    /// <summary>Creates the estimator; uses the value settings of <paramref name="options"/> (steps, batch, width, rate, seed, discount, β).</summary>
    public AdvantageWeightsEstimator(AwrOptions? options = null, int contextSeed = 0)
    {
        Options = options ?? new AwrOptions();
        Options.Validate();
        Seed = Options.Seed ?? contextSeed;
    }

    /// <summary>The options.</summary>
    public AwrOptions Options { get; }

    /// <summary>Seed of the value network.</summary>
    public int Seed { get; }

    /// <inheritdoc />
    public AdvantageWeightsTransformer Fit(TrajectoryDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var returns = AdvantageWeightsTransformer.ReturnsOf(data, Options.Discount);
        var d = data.ObservationDimension;
        var batch = Math.Min(Options.BatchSize, Math.Max(1, data.Count));
        var mlpOptions = new MlpOptions(d, Options.HiddenSizes.ToArray(), 1);
        var random = new NnRandom((ulong)Seed ^ 0xA5A5_5A5AUL);
        var net = new Mlp(mlpOptions, batch);
        net.Initialize(random);
        var adam = new Adam(net.ParameterCount, Options.LearningRate);
        var x = new float[batch * d];
        var y = new float[batch];
        var dOut = new float[batch];
        var obs = data.Observations;
        var previousThreads = NnThreading.SetScoped(Options.Threads);
        try
        {
            for (var step = 0; step < Options.ValueSteps && data.Count > 0; step++)
            {
                for (var b = 0; b < batch; b++)
                {
                    var row = random.NextInt(data.Count);
                    obs.Slice(row * d, d).CopyTo(x.AsSpan(b * d, d));
                    y[b] = returns[row];
                }

                net.ZeroGradients();
                var v = net.Forward(x, batch);
                for (var b = 0; b < batch; b++)
                {
                    dOut[b] = 2f * (v[b] - y[b]) / batch;
                }

                net.Backward(dOut, batch);
                adam.Step(net.Parameters, net.Gradients);
            }
        }
        finally
        {
            NnThreading.RestoreScoped(previousThreads);
        }

        var value = new Common.ValueNetwork("v", d, Options.HiddenSizes, 1, net.Parameters);
        return new AdvantageWeightsTransformer(value, Options.InverseTemperature, Options.MaxWeight, Options.Discount);
    }
}
