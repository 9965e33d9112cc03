using Microsoft.ML;
using OfflineRl.MLNet.Algorithms.Awac;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Tests.Algorithms;

/// <summary>What is particular to AWAC beside <see cref="AlgorithmConformanceTests"/>: its critic evaluates the policy it improves.</summary>
public sealed class AwacTests
{
    /// <summary>
    /// Two states. At s0, action 1 ends the episode with 0.4 (safe); action 0 pays nothing and leads to s1, where the
    /// logged action 1 pays 1 in a fifth of the visits and action 0 pays 0 otherwise. Under the logging policy going on
    /// is worth γ·0.2 ≈ 0.2 &lt; 0.4 (what Monte-Carlo returns and a SARSA critic see); AWAC's Q follows its own improved
    /// policy at s1 (mostly action 1, worth 1), so Q(s0, 0) ≈ γ·E_π Q(s1, ·) &gt; 0.6 and it goes on to s1.
    /// </summary>
    private static TrajectoryDataset Chain()
    {
        var b = new TrajectoryDatasetBuilder("chain", 1);
        for (var e = 0; e < 400; e++)
        {
            if (e % 2 == 0)
            {
                b.AddStep(e, [0f], 1, 0.4f, isTerminal: true, isTruncated: false);
                continue;
            }

            var good = e % 10 == 1;
            b.AddStep(e, [0f], 0, 0f, isTerminal: false, isTruncated: false);
            b.AddStep(e, [1f], good ? 1 : 0, good ? 1f : 0f, isTerminal: true, isTruncated: false);
        }

        return b.Build(new DatasetLoadOptions { DiscreteActionCount = 2 });
    }

    [Fact]
    public void Critic_follows_the_improved_policy_where_monte_carlo_returns_prefer_the_safe_action()
    {
        var data = Chain();
        var awac = new MLContext(0).OfflineRL().Trainers.Awac(new AwacOptions
        {
            Steps = 1500,
            BatchSize = 64,
            HiddenSizes = [32, 32],
            LearningRate = 3e-3f,
            Weighting = { InverseTemperature = 3f },
            TargetNetwork = { UpdateRate = 0.05f },
            NormalizeObservations = false,
            Seed = 1,
        }).Fit(data).Model;
        Assert.Equal(["q1", "q2"], awac.ValueNetworks.Select(v => v.Name));
        var q = awac.ValueNetworks[0].Evaluate([1f], 1);
        Assert.InRange(q[1], 0.8f, 1.2f); // Q(s1, 1) learns the payoff of the rare good action
        Assert.InRange(q[0], -0.2f, 0.2f);
        Assert.True(MathF.Exp(awac.Policy.LogProb([1f], [1f])) > 0.7f, "AWAC at s1 should prefer the paying action");
        var q0 = awac.ValueNetworks[0].Evaluate([0f], 1);
        Assert.True(q0[0] > 0.6f && q0[0] > q0[1] + 0.15f, $"Q(s0, ·) = ({q0[0]}, {q0[1]}): going on should be worth γ·E_π Q(s1, ·)");
        Assert.True(MathF.Exp(awac.Policy.LogProb([0f], [0f])) > 0.7f, "AWAC at s0 should go on to s1");

    }

    [Fact]
    public void Options_validation_lists_every_failure()
    {
        var options = new AwacOptions { Steps = 0, Weighting = { InverseTemperature = float.NaN, MaxWeight = 0f }, TargetNetwork = { UpdateRate = 2f } };
        var ex = Assert.Throws<InvalidOptionsException>(() => new MLContext(0).OfflineRL().Trainers.Awac(options));
        foreach (var name in new[] { "Steps", "Weighting.InverseTemperature", "Weighting.MaxWeight", "TargetNetwork.UpdateRate" })
        {
            Assert.Contains(name, ex.Message, StringComparison.Ordinal);
        }
    }
}
