using OfflineRl.MLNet.Environments;

namespace OfflineRl.MLNet.Tests.Environments;

public sealed class ReferenceReturnsTests
{
    public static TheoryData<string> Ids() => [.. EnvironmentCatalog.Ids.Except(EnvironmentCatalog.LocomotionIds)];

    // The locomotion tasks carry D4RL's reference returns (infos of its datasets), not scores measured here.
    [Theory]
    [InlineData("HalfCheetah-v4", -280.178953, 12135.0)]
    [InlineData("Hopper-v4", -20.272305, 3234.3)]
    [InlineData("Walker2d-v4", 1.629008, 4592.3)]
    public void Locomotion_tasks_score_on_d4rls_scale(string id, double random, double expert)
    {
        Assert.Equal(new ReferenceReturn(random, expert), ReferenceReturns.Get(id));
        Assert.Equal(50, ReferenceReturns.NormalizedScore(id, (random + expert) / 2), 12);
        Assert.Throws<NotSupportedException>(() => BehaviorControllers.Create(id, BehaviorLevel.Expert));
    }

    // Re-measures every registered environment's recorded returns as ReferenceReturns says: 100 seeded episodes (seeds 0–99).
    [Theory]
    [MemberData(nameof(Ids))]
    public void Recorded_reference_returns_are_what_the_controllers_measure(string id)
    {
        var env = EnvironmentCatalog.Create(id);
        double Measure(BehaviorLevel level) => BehaviorRollout.Returns(env, BehaviorControllers.Create(id, level), 100, seed: 0).Average();
        var reference = ReferenceReturns.Get(id);
        Assert.Equal(reference.Random, Measure(BehaviorLevel.Random), 0.006);
        Assert.Equal(reference.Expert, Measure(BehaviorLevel.Expert), 0.006);
        var epsilonGreedy = Measure(BehaviorLevel.EpsilonGreedy);
        Assert.Equal(ReferenceReturns.MeasuredEpsilonGreedy(id), epsilonGreedy, 0.006);
        Assert.InRange(ReferenceReturns.NormalizedScore(id, epsilonGreedy), 28, 38);
    }

    [Fact]
    public void Normalized_score_maps_random_to_0_and_expert_to_100()
    {
        var r = ReferenceReturns.Get(EnvironmentCatalog.CartPole);
        Assert.Equal(0, ReferenceReturns.NormalizedScore("CartPole-v1", r.Random), 12);
        Assert.Equal(100, ReferenceReturns.NormalizedScore("CartPole-v1", r.Expert), 12);
    }
}
