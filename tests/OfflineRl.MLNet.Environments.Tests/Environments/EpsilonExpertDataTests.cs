using OfflineRl.MLNet.Environments;

namespace OfflineRl.MLNet.Tests.Environments;

public sealed class EpsilonExpertDataTests
{
    // ε = 0.2 draws a uniform action on a fifth of the steps; with two actions half of those agree with the expert anyway,
    // so about 10 % of the logged actions differ from the noise-free expert's at the same state.
    [Fact]
    public void An_epsilon_expert_departs_from_the_expert_on_about_half_epsilon_of_its_steps()
    {
        var episodes = BehaviorDataGenerator.Generate(EnvironmentCatalog.CartPole, new ControllerKnobs(0.2), 4000, seed: 1);
        Assert.Equal(4000, episodes.Sum(e => e.Length));
        Assert.All(episodes, e => Assert.Equal("epsilon=0.2", e.Tag));
        var expert = BehaviorControllers.Create(EnvironmentCatalog.CartPole, BehaviorLevel.Expert);
        var (differ, total) = (0, 0);
        foreach (var episode in episodes)
        {
            for (var t = 0; t < episode.Length; t++, total++)
            {
                differ += expert.Act(episode.ObservationAt(t))[0] != episode.Actions[t] ? 1 : 0;
            }
        }

        Assert.InRange(differ / (double)total, 0.07, 0.13);
        Assert.Throws<ArgumentException>(() => BehaviorDataGenerator.Generate(EnvironmentCatalog.Hopper, new ControllerKnobs(0.2), 10, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => BehaviorDataGenerator.Generate(EnvironmentCatalog.CartPole, new ControllerKnobs(1.5), 10, 0));
    }
}
