using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Nn;
using OfflineRl.MLNet.Policies;
using OfflineRl.MLNet.Trainers;
using OfflineRl.MLNet.Training;

namespace OfflineRl.MLNet.Tests.Training;

/// <summary>The actor's two gradient paths beside the likelihood, against central finite differences in float64.</summary>
public sealed class ActorGradientTests
{
    private const int Batch = 6;
    private const int ActionDims = 2;

    private static TrajectoryDataset Data()
    {
        var b = new TrajectoryDatasetBuilder("actor", 3, ActionDims);
        var random = new Random(3);
        for (var i = 0; i < 40; i++)
        {
            b.AddStep(i / 10, [(float)random.NextDouble(), (float)random.NextDouble() - 0.5f, 1f], [(float)random.NextDouble() * 2 - 1, (float)random.NextDouble() * 2 - 1],
                (float)random.NextDouble(), isTerminal: i % 10 == 9, isTruncated: false);
        }

        return b.Build(new DatasetLoadOptions { ActionLow = [-1f, -1f], ActionHigh = [1f, 1f] });
    }

    private static (Actor Actor, float[] Observations, float[] Coefficients, float[] LogProbCoefficients) Setup(PolicyHead head)
    {
        var data = Data();
        var actor = new Actor(data, head, [7, 5], Batch, 1e-3f, new NnRandom(9));
        var random = new Random(4);
        var obs = Enumerable.Range(0, Batch * 3).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var c = Enumerable.Range(0, Batch * ActionDims).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var e = Enumerable.Range(0, Batch).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        if (actor.Head is GaussianHead gaussian)
        {
            gaussian.LogStd[0] = -0.3f; // off the initial 0 so σ enters the check
            gaussian.LogStd[1] = 0.4f;
        }

        return (actor, obs, c, e);
    }

    [Theory]
    [InlineData(PolicyHead.Auto)]
    [InlineData(PolicyHead.Deterministic)]
    public void Gradient_from_outside_on_the_actions_matches_finite_differences(PolicyHead head)
    {
        // L = Σ c·μ(s): the gradient pushed in is ∂L/∂μ = c.
        var (actor, obs, c, _) = Setup(head);
        double Loss()
        {
            var mu = actor.Forward(obs, Batch);
            double sum = 0;
            for (var i = 0; i < c.Length; i++)
            {
                sum += (double)c[i] * mu[i];
            }

            return sum;
        }

        actor.Head.ZeroGradients();
        actor.Forward(obs, Batch);
        actor.BackwardFromActions(c, Batch);
        CheckAgainstFiniteDifferences(actor.Head, actor.Head.NetworkParameterCount, Loss);
        Assert.All(actor.Head.Gradients[actor.Head.NetworkParameterCount..].ToArray(), g => Assert.Equal(0f, g));
    }

    [Fact]
    public void Reparameterized_samples_and_log_probabilities_carry_the_gradient_of_mean_and_log_std()
    {
        // L = Σ c·a + Σ e·log π(a|s) with a = μ + σ·ε; the same ε for every evaluation (same seed).
        var (actor, obs, c, e) = Setup(PolicyHead.Auto);
        var actions = new float[Batch * ActionDims];
        var logProbs = new float[Batch];
        double Loss()
        {
            actor.Forward(obs, Batch);
            actor.SampleReparameterized(Batch, new NnRandom(21), actions, logProbs);
            double sum = 0;
            for (var i = 0; i < c.Length; i++)
            {
                sum += (double)c[i] * actions[i];
            }

            for (var b = 0; b < Batch; b++)
            {
                sum += (double)e[b] * logProbs[b];
            }

            return sum;
        }

        Loss();
        actor.Head.ZeroGradients();
        actor.BackwardFromSamples(c, e, Batch);
        CheckAgainstFiniteDifferences(actor.Head, actor.Head.Parameters.Length, Loss);

        // The log-probability of a reparameterized sample is Σ_d (−ε²/2 − log σ_d − ½ log 2π); recompute it from the policy's own density.
        Loss();
        var gaussian = (GaussianHead)actor.Head;
        var logStd = new float[ActionDims];
        gaussian.ClippedLogStd(logStd);
        var mean = actor.Forward(obs, Batch).ToArray();
        for (var b = 0; b < Batch; b++)
        {
            var expected = GaussianLogLikelihood.LogProb(actions.AsSpan(b * ActionDims, ActionDims), mean.AsSpan(b * ActionDims, ActionDims), logStd);
            Assert.Equal(expected, logProbs[b], 4);
        }
    }

    [Fact]
    public void Batched_samples_follow_the_policy_without_touching_its_training_pass()
    {
        var (actor, obs, _, _) = Setup(PolicyHead.Auto);
        var before = actor.Forward(obs, Batch).ToArray();
        var samples = new float[Batch * ActionDims];
        actor.SampleActions(obs, Batch, new NnRandom(1), samples);
        Assert.Equal(before, actor.Head.Net.Output.ToArray());
        Assert.All(samples, a => Assert.InRange(a, -1f, 1f));
        Assert.NotEqual(before, samples);
    }

    private static void CheckAgainstFiniteDifferences(MlpHead policy, int count, Func<double> loss)
    {
        var analytic = policy.Gradients.ToArray();
        double CentralDifference(int i)
        {
            const float eps = 1e-2f;
            var original = policy.Parameters[i];
            policy.Parameters[i] = original + eps;
            var plus = loss();
            policy.Parameters[i] = original - eps;
            var minus = loss();
            policy.Parameters[i] = original;
            return (plus - minus) / (2 * eps);
        }

        var checkedCount = 0;
        for (var i = 0; i < count; i += Math.Max(1, count / 25))
        {
            var numeric = CentralDifference(i);
            Assert.True(Math.Abs(numeric - analytic[i]) <= 2e-3 + 2e-2 * Math.Abs(numeric), $"parameter {i}: analytic {analytic[i]}, numeric {numeric}");
            checkedCount++;
        }

        // The last parameters of a Gaussian head are log σ: always check them.
        for (var i = Math.Max(0, policy.Parameters.Length - ActionDims); i < count; i++)
        {
            var numeric = CentralDifference(i);
            Assert.True(Math.Abs(numeric) > 1e-3, $"log σ {i}: the check needs a nonzero gradient");
            Assert.True(Math.Abs(numeric - analytic[i]) <= 2e-3 + 2e-2 * Math.Abs(numeric), $"log σ parameter {i}: analytic {analytic[i]}, numeric {numeric}");
        }

        Assert.True(checkedCount >= 10);
    }
}
