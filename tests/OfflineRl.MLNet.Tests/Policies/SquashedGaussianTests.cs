using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using OfflineRl.MLNet.Nn;
using OfflineRl.MLNet.Onnx;
using OfflineRl.MLNet.Policies;
using OfflineRl.MLNet.Tests.Onnx;

namespace OfflineRl.MLNet.Tests.Policies;

/// <summary>SAC's tanh-squashed Gaussian: its sample and log-density against a float64 restatement, their gradients against finite differences, its export.</summary>
public sealed class SquashedGaussianTests
{
    private const int N = 2;
    private const float Min = SquashedGaussian.DefaultLogStdMin, Max = SquashedGaussian.DefaultLogStdMax;

    // Rows of [m₁, m₂, r₁, r₂]: moderate, a saturated mean (|u| ≈ 8, where 1 − tanh² would cancel in float32), r clamped above.
    private static readonly double[][] Rows = [[0.3, -0.7, -0.4, 0.2], [8.0, -6.5, -1.0, -2.0], [-0.2, 0.5, 3.0, -0.3]];
    private static readonly float[] Noise = [0.8f, -1.1f, 0.4f, 0.9f, -1.5f, 0.25f];

    /// <summary>a and log π of one row in float64; log(1 − tanh² u) as log(4) − 2|u| − 2·log1p(e^(−2|u|)) (an identity), so finite differences keep their digits at |u| ≈ 8.</summary>
    private static (double[] A, double LogPi) Reference(double[] o, int row)
    {
        var a = new double[N];
        double logPi = 0;
        for (var d = 0; d < N; d++)
        {
            var logStd = Math.Clamp(o[N + d], Min, Max);
            double eps = Noise[row * N + d];
            var u = o[d] + Math.Exp(logStd) * eps;
            a[d] = Math.Tanh(u);
            logPi += -0.5 * eps * eps - logStd - 0.5 * Math.Log(2 * Math.PI) - (Math.Log(4) - 2 * Math.Abs(u) - 2 * Math.Log(1 + Math.Exp(-2 * Math.Abs(u))));
        }

        return (a, logPi);
    }

    [Fact]
    public void Sample_and_log_density_match_the_float64_formula_also_where_tanh_saturates()
    {
        var output = Rows.SelectMany(r => r.Select(v => (float)v)).ToArray();
        var actions = new float[Rows.Length * N];
        var logProbs = new float[Rows.Length];
        SquashedGaussian.Sample(output, Noise, Rows.Length, N, Min, Max, actions, logProbs);
        var again = new float[Rows.Length];
        for (var r = 0; r < Rows.Length; r++)
        {
            var (a, logPi) = Reference(Rows[r], r);
            Assert.True(Math.Abs(logProbs[r] - logPi) <= 1e-4 * Math.Max(1, Math.Abs(logPi)), $"row {r}: log π {logProbs[r]} vs {logPi}");
            for (var d = 0; d < N; d++)
            {
                Assert.True(Math.Abs(actions[r * N + d] - a[d]) <= 1e-6, $"row {r}: a {actions[r * N + d]} vs {a[d]}");
            }
        }

        // log π of a given action (through atanh) agrees with the sample's own where the action is off float32's edge ±1 (row 0).
        SquashedGaussian.LogProb(output, actions, Rows.Length, N, Min, Max, again);
        Assert.True(Math.Abs(again[0] - logProbs[0]) <= 1e-3, $"{again[0]} vs {logProbs[0]}");
    }

    [Fact]
    public void Gradients_of_sample_and_log_density_match_finite_differences_in_float64()
    {
        // L = Σ c·a + Σ e·log π, differentiated with respect to every network output, ε held fixed (reparameterization).
        double[] c = [0.7, -1.3, 0.4, 0.9, -0.6, 1.1], e = [0.5, -0.8, 1.2];
        var output = Rows.SelectMany(r => r.Select(v => (float)v)).ToArray();
        var analytic = new float[output.Length];
        SquashedGaussian.Backward(output, Noise, Rows.Length, N, Min, Max, c.Select(v => (float)v).ToArray(), e.Select(v => (float)v).ToArray(), analytic);
        for (var r = 0; r < Rows.Length; r++)
        {
            for (var k = 0; k < 2 * N; k++)
            {
                double Loss(double delta)
                {
                    var o = (double[])Rows[r].Clone();
                    o[k] += delta;
                    var (a, logPi) = Reference(o, r);
                    return c[r * N] * a[0] + c[r * N + 1] * a[1] + e[r] * logPi;
                }

                const double h = 1e-6;
                var numeric = (Loss(h) - Loss(-h)) / (2 * h);
                var got = analytic[r * 2 * N + k];
                Assert.True(Math.Abs(got - numeric) <= 1e-4 * Math.Max(1, Math.Abs(numeric)), $"row {r} output {k}: analytic {got}, numeric {numeric}");
            }
        }

        // The clamped log σ (row 2, r₁ = 3 > 2) passes no gradient.
        Assert.Equal(0f, analytic[2 * 2 * N + N]);
    }

    [Fact]
    public void Likelihood_gradient_matches_finite_differences_in_float64()
    {
        float[] actions = [0.2f, -0.5f, 0.9f, -0.95f, -0.1f, 0.3f];
        float[] weights = [1f, 0.5f, 2f];
        var output = Rows.SelectMany(r => r.Select(v => (float)v)).ToArray();
        var analytic = new float[output.Length];
        SquashedGaussian.NegativeLogLikelihood(output, actions, weights, Rows.Length, N, Rows.Length, Min, Max, analytic);
        for (var i = 0; i < output.Length; i++)
        {
            double Loss(double delta)
            {
                double total = 0;
                for (var r = 0; r < Rows.Length; r++)
                {
                    for (var d = 0; d < N; d++)
                    {
                        var m = Rows[r][d] + (i == r * 2 * N + d ? delta : 0);
                        var raw = Rows[r][N + d] + (i == r * 2 * N + N + d ? delta : 0);
                        var logStd = Math.Clamp(raw, Min, Max);
                        var z = (Math.Atanh(actions[r * N + d]) - m) / Math.Exp(logStd);
                        total -= weights[r] * (-0.5 * z * z - logStd);
                    }
                }

                return total / Rows.Length;
            }

            var numeric = (Loss(1e-6) - Loss(-1e-6)) / 2e-6;
            Assert.True(Math.Abs(analytic[i] - numeric) <= 1e-4 * Math.Max(1, Math.Abs(numeric)), $"output {i}: analytic {analytic[i]}, numeric {numeric}");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    public void Deterministic_action_exports_and_scores_the_same_in_onnx_runtime_apply_onnx_model_and_after_reload(int batch)
    {
        var policy = Trained();
        var obs = ExportFixtures.Observations(ExportFixtures.Pendulum, batch);
        var expected = new float[batch * policy.ActionDimension];
        policy.Act(obs, batch, expected);
        using var dir = new TempDirectory();
        var path = dir.File("squashed.onnx");
        PolicyOnnxExporter.Export(policy, path);

        using (var session = new InferenceSession(path))
        {
            var outputs = OrtRun.Run(session, OnnxExportNames.Observation, obs, [batch, policy.ObservationDimension]);
            AssertClose(expected, outputs.Single(o => o.Name == OnnxExportNames.PredictedAction).Floats);
        }

        var ml = new MLContext(0);
        var rows = Enumerable.Range(0, batch).Select(r => new PendulumRow { Observation = obs.AsSpan(r * 3, 3).ToArray() }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        using var onnx = ml.Transforms.ApplyOnnxModel([OnnxExportNames.PredictedAction], [OnnxExportNames.Observation], path,
            new Dictionary<string, int[]> { [OnnxExportNames.Observation] = [1, 3] }, gpuDeviceId: null, fallbackToCpu: false).Fit(data);
        AssertClose(expected, onnx.Transform(data).GetColumn<VBuffer<float>>(OnnxExportNames.PredictedAction).SelectMany(v => v.DenseValues()).ToArray());

        policy.Save(dir.File("squashed.policy"));
        var loaded = Policy.Load(dir.File("squashed.policy"));
        Assert.Equal(PolicyKind.SquashedGaussian, loaded.Kind);
        var reloaded = new float[expected.Length];
        loaded.Act(obs, batch, reloaded);
        Assert.Equal(expected, reloaded);
    }

    /// <summary>A squashed Gaussian with normalization and action bounds whose means are spread (not all near tanh's 0).</summary>
    private static SquashedGaussianHead Trained()
    {
        var data = ExportFixtures.Pendulum;
        var head = OfflineRl.MLNet.Training.PolicyFactory.CreateSquashedGaussian(data, [16, 16], 64, new NnRandom(3), Min, Max);
        var last = head.Net.Layers[^1];
        var random = new Random(2);
        for (var i = 0; i < last.Weights.Length; i++)
        {
            last.Weights[i] = (float)(random.NextDouble() * 2 - 1);
        }

        return head;
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f, $"[{i}] C# {expected[i]} vs ONNX {actual[i]}");
        }
    }

    private sealed class PendulumRow
    {
        [VectorType(3)]
        public float[] Observation { get; set; } = [];
    }
}
