using Microsoft.ML;
using Microsoft.ML.Runtime;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Nn;
using OfflineRl.MLNet.Pipeline;
using OfflineRl.MLNet.Trainers;
using OfflineRl.MLNet.Transforms;

namespace OfflineRl.MLNet.Algorithms.Awr;

/// <summary>
/// AWR's data side: fits V(s) by MSE to the Monte-Carlo returns-to-go (the <c>ReturnToGo</c> column, computed with
/// <see cref="Returns.ReturnsToGo(TrajectoryDataset, double)"/> when missing); its transformer adds <c>Advantage</c> =
/// G − V(s) and <c>Weight</c> = min(exp(β·A), MaxWeight) (and <c>ReturnToGo</c> when the input had none).
/// </summary>
/// <remarks>
/// Uses the value settings of <see cref="AwrOptions"/>: value steps, batch, widths, learning rate, discount, β, weight clip,
/// seed (else drawn from the <see cref="MLContext"/>), and <see cref="TrainerOptions.NormalizeObservations"/> (V
/// reads normalized observations; the output keeps the raw ones).
/// </remarks>
public sealed class AdvantageWeightsEstimator : TrajectoryEstimator<AdvantageWeightsTransformer>
{
    private readonly MLContext _context;

    internal AdvantageWeightsEstimator(MLContext context, AwrOptions? options)
        : base(options ??= new AwrOptions())
    {
        options.Validate();
        _context = context;
        Options = options;
    }

    /// <summary>The options.</summary>
    public AwrOptions Options { get; }

    private protected override AdvantageWeightsTransformer Fit(TrajectoryDataset data)
    {
        var seed = Options.Seed ?? ((IHostEnvironment)_context).Register("AdvantageWeights").Rand.Next();
        if (!Options.NormalizeObservations)
        {
            return FitValue(data, Options, seed);
        }

        var normalization = ObservationNormalization.Fit(data);
        var fitted = FitValue(normalization.Normalize(data), Options, seed);
        return new AdvantageWeightsTransformer(Options, fitted.Value, normalization);
    }

    private protected override IEnumerable<string> AddedColumns(Func<string, bool> inputHas) =>
        AdvantageWeightsTransformer.Added(inputHas);

    /// <summary>Fits V on <paramref name="data"/> as given (already normalized when it should be).</summary>
    internal static AdvantageWeightsTransformer FitValue(TrajectoryDataset data, AwrOptions options, int seed)
    {
        var returns = AdvantageWeightsTransformer.ReturnsOf(data, options.Discount);
        var value = FitValueNetwork(data, returns, options, options.ValueSteps, seed);
        return new AdvantageWeightsTransformer(options, value, normalization: null);
    }

    /// <summary>
    /// V(s) fitted by MSE to <paramref name="returns"/> (one per row of <paramref name="data"/>) over
    /// <paramref name="valueSteps"/> Adam steps with the batch, widths, learning rate and threads of <paramref name="options"/>:
    /// the value baseline AWR and MARWIL share.
    /// </summary>
    internal static ValueNetwork FitValueNetwork(TrajectoryDataset data, float[] returns, TrainerOptions options, int valueSteps, int seed)
    {
        var d = data.ObservationDimension;
        var batch = Math.Min(options.BatchSize, Math.Max(1, data.Count));
        var mlpOptions = new MlpOptions(d, options.HiddenSizes.ToArray(), 1);
        var random = new NnRandom((ulong)seed ^ 0xA5A5_5A5AUL);
        var net = new Mlp(mlpOptions, batch);
        net.Initialize(random);
        var adam = new Adam(net.ParameterCount, options.LearningRate);
        var x = new float[batch * d];
        var y = new float[batch];
        var dOut = new float[batch];
        var obs = data.Observations;
        var previousThreads = NnThreading.SetScoped(options.Run.Threads);
        try
        {
            for (var step = 0; step < valueSteps && data.Count > 0; step++)
            {
                for (var b = 0; b < batch; b++)
                {
                    var row = random.NextInt(data.Count);
                    obs.Slice(row * d, d).CopyTo(x.AsSpan(b * d, d));
                    y[b] = returns[row];
                }

                net.ZeroGradients();
                var v = net.Forward(x, batch);
                double loss = 0;
                for (var b = 0; b < batch; b++)
                {
                    dOut[b] = 2f * (v[b] - y[b]) / batch;
                    loss += (double)(v[b] - y[b]) * (v[b] - y[b]);
                }

                if (!double.IsFinite(loss))
                {
                    // Stop where the training loop would, rather than leave NaN advantages for the data checks to find.
                    throw new TrainingDivergedException(
                        $"The value fit stopped at step {step + 1}: the value loss is {loss / batch}. Try a lower learning rate or check the returns' scale.")
                    {
                        Step = step + 1,
                        Loss = "value",
                    };
                }

                net.Backward(dOut, batch);
                adam.Step(net.Parameters, net.Gradients);
            }
        }
        finally
        {
            NnThreading.RestoreScoped(previousThreads);
        }

        return new ValueNetwork("v", d, options.HiddenSizes, 1, net.Parameters);
    }
}
