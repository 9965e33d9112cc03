using Microsoft.ML;
using OfflineRl.MLNet.Algorithms.ChiSquaredDice;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Tests.Nn;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Tests.Algorithms;

public sealed class ChiSquaredDiceTests
{
    private static TrajectoryDataset Chain(int episodes = 20)
    {
        // Two-step episodes on a 2-D state: a terminal second step, so TD targets mix bootstrapped and terminal rows.
        var b = new TrajectoryDatasetBuilder("chain", 2, 1);
        for (var e = 0; e < episodes; e++)
        {
            var x = e / (float)episodes;
            b.AddStep(e, [x, 1 - x], [x - 0.5f], x, isTerminal: false, isTruncated: false);
            b.AddStep(e, [1 - x, x], [0.5f - x], 1 - x, isTerminal: true, isTruncated: false);
        }

        return b.Build(new DatasetLoadOptions { ActionLow = [-1f], ActionHigh = [1f] });
    }

    [Theory]
    [InlineData(1f, DiceStateTerm.DataStates)]
    [InlineData(0.05f, DiceStateTerm.DataStates)]
    [InlineData(0.3f, DiceStateTerm.InitialStates)]
    public void Value_gradient_through_V_of_s_s_next_and_s0_matches_finite_differences(float alpha, DiceStateTerm term)
    {
        var data = Chain();
        var options = new ChiSquaredDiceOptions { BatchSize = 16, HiddenSizes = [8], Regularization = alpha, StateTerm = term, Discount = 0.9f };
        var algorithm = new ChiSquaredDiceAlgorithm(data, options, seed: 4);
        algorithm.Sampler.Sample();
        algorithm.SampleInitialStates();
        algorithm.ForwardValue();
        algorithm.ValueGradients();
        var analytic = algorithm.Value.Gradients.ToArray();
        var parameters = algorithm.Value.Parameters;
        var sampler = algorithm.Sampler;
        var net = algorithm.Value.Net;
        var initial = algorithm.InitialObservations.ToArray();

        // L_V in float64 from the float64 row definition, V evaluated afresh at the perturbed parameters.
        double Loss()
        {
            var v = net.Evaluate(sampler.Observations, 16).ToArray();
            var next = net.Evaluate(sampler.NextObservations, 16).ToArray();
            double sum = 0;
            for (var i = 0; i < 16; i++)
            {
                sum += ChiSquaredDiceLoss.Value(v[i], next[i], sampler.Rewards[i], sampler.NotDone[i], 0.9, alpha, term == DiceStateTerm.DataStates);
            }

            var loss = sum / 16;
            if (term == DiceStateTerm.InitialStates)
            {
                loss += (1 - 0.9) * net.Evaluate(initial, 16).ToArray().Select(x => (double)x).Average() / alpha;
            }

            return loss;
        }

        Assert.Equal(Loss(), algorithm.ValueLoss, 1e-4);
        GradCheck.Check(parameters, Loss, analytic, "∂L_V/∂ψ", h: 1e-3f, tolerance: 2e-2);
    }

    [Fact]
    public void The_kernel_agrees_with_the_row_definition_and_its_derivatives()
    {
        float[] v = [0.3f, -1f, 2f, 0.5f], next = [1f, 0.2f, -0.4f, 3f], r = [0.5f, 1f, 0f, -2f], notDone = [1f, 0f, 1f, 1f];
        const float gamma = 0.95f, alpha = 0.4f;
        float[] gv = new float[4], gn = new float[4], a = new float[4];
        var loss = ChiSquaredDiceLoss.Batch(v, next, r, notDone, gamma, alpha, dataStateTerm: true, gv, gn, a);
        double Mean(float[] vv, float[] nn) => Enumerable.Range(0, 4).Average(i => ChiSquaredDiceLoss.Value(vv[i], nn[i], r[i], notDone[i], gamma, alpha, true));
        Assert.Equal(Mean(v, next), loss, 1e-6);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(r[i] + (gamma * notDone[i] * next[i]) - v[i], a[i], 1e-6f);
            GradCheck.Check(v, () => Mean(v, next), gv, "∂L/∂V(s)", [i], h: 1e-3f, tolerance: 1e-3);
            GradCheck.Check(next, () => Mean(v, next), gn, "∂L/∂V(s′)", [i], h: 1e-3f, tolerance: 1e-3);
        }

        var w = new float[4];
        ChiSquaredDiceLoss.PolicyWeights(a, w);
        Assert.Equal(a.Select(x => MathF.Max(0, x)), w);
    }

    [Fact]
    public void On_a_bandit_with_small_alpha_V_approaches_the_better_reward_and_only_better_actions_count()
    {
        // Rewards 1 and 0 at one state: with α = 0.1 the minimizer has max(0, 1 + (1 − V)/(2α)) = 2 and the 0-reward term
        // inactive, V = 1 − 2α = 0.8; with α large both terms stay active and V = 0.5 (the mean).
        var data = BanditData.Discrete();
        foreach (var (alpha, expected) in new[] { (0.1f, 0.8f), (10f, 0.5f) })
        {
            var model = new MLContext(0).OfflineRL().Trainers.ChiSquaredDice(new ChiSquaredDiceOptions
            {
                Regularization = alpha,
                Steps = 1500,
                BatchSize = 64,
                HiddenSizes = [16],
                LearningRate = 3e-3f,
                Seed = 1,
                NormalizeObservations = false,
            }).Fit(data).Model;
            var v = model.ValueNetworks.Single(n => n.Name == "v").Evaluate([1f], 1)[0];
            Assert.InRange(v, expected - 0.05f, expected + 0.05f);
            Assert.True(MathF.Exp(model.Policy.LogProb([1f], [0f])) > 0.9f);
        }
    }

    [Fact]
    public void Options_validation_lists_every_failure()
    {
        var ex = Assert.Throws<InvalidOptionsException>(() => new MLContext(0).OfflineRL().Trainers.ChiSquaredDice(
            new ChiSquaredDiceOptions { Regularization = 0f, StateTerm = (DiceStateTerm)7 }));
        Assert.Contains("Regularization", ex.Message, StringComparison.Ordinal);
        Assert.Contains("StateTerm", ex.Message, StringComparison.Ordinal);
    }
}
