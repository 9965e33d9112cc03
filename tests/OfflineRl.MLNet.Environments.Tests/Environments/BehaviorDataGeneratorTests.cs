using OfflineRl.MLNet.Environments;

namespace OfflineRl.MLNet.Tests.Environments;

public sealed class BehaviorDataGeneratorTests
{
    [Theory]
    [InlineData("CartPole-v1", BehaviorDatasetKind.Random)]
    [InlineData("Acrobot-v1", BehaviorDatasetKind.MediumReplay)]
    [InlineData("MountainCar-v0", BehaviorDatasetKind.Medium)]
    [InlineData("MountainCarContinuous-v0", BehaviorDatasetKind.MediumExpert)]
    [InlineData("Pendulum-v1", BehaviorDatasetKind.Expert)]
    public void Spends_exactly_the_step_budget_and_cuts_the_last_episode(string id, BehaviorDatasetKind kind)
    {
        var episodes = BehaviorDataGenerator.Generate(id, kind, steps: 1234, seed: 5);
        Assert.Equal(1234, episodes.Sum(e => e.Length));
        Assert.All(episodes, e => Assert.True(e.Terminals[^1] ^ e.Truncations[^1]));
        var again = BehaviorDataGenerator.Generate(id, kind, steps: 1234, seed: 5);
        Assert.Equal(episodes.SelectMany(e => e.Actions), again.SelectMany(e => e.Actions));
        Assert.Equal(episodes.SelectMany(e => e.Observations), again.SelectMany(e => e.Observations));
    }

    [Fact]
    public void Medium_replay_moves_from_random_toward_medium_and_medium_expert_switches_halfway()
    {
        var replay = BehaviorDataGenerator.Generate("Pendulum-v1", BehaviorDatasetKind.MediumReplay, 8000, seed: 1);
        // Ten learner stages over equal shares of the budget; Pendulum episodes are 200 steps, so four per stage.
        Assert.Equal("stage=0 flaw=0.47", replay[0].Tag);
        Assert.Equal("stage=9 flaw=0.2", replay[^1].Tag);
        Assert.Equal(0.47, BehaviorDataGenerator.ReplayFlaw("Pendulum-v1", 0), 12);
        Assert.Equal(0.47 - (0.27 * 3 / 9), BehaviorDataGenerator.ReplayFlaw("Pendulum-v1", 3), 12);
        Assert.Equal(0.2, BehaviorDataGenerator.ReplayFlaw("Pendulum-v1", 9), 12);
        Assert.All(Enumerable.Range(0, 10), k => Assert.Equal(4, replay.Count(e => e.Tag!.StartsWith($"stage={k} ", StringComparison.Ordinal))));

        // The medium dataset is the policy the replay's learning run ends with: the same actions on the same states.
        var medium = BehaviorDataGenerator.Generate("Pendulum-v1", BehaviorDatasetKind.Medium, 400, seed: 1);
        var lastStage = new LearnerController("Pendulum-v1", 0.2, unchecked((int)SeededRandom.Derive(1, 1_000_000 + 9)));
        lastStage.Reset(BehaviorRollout.ControllerSeed(unchecked((int)SeededRandom.Derive(1, 0))));
        Assert.Equal(lastStage.Act(medium[0].Observations.AsSpan(0, 3)), medium[0].Actions.AsSpan(0, 1).ToArray());

        var mixed = BehaviorDataGenerator.Generate("Pendulum-v1", BehaviorDatasetKind.MediumExpert, 4000, seed: 1);
        Assert.Equal(10, mixed.Count(e => e.Tag == "medium"));
        Assert.Equal(10, mixed.Count(e => e.Tag == "expert"));
        Assert.True(mixed.Where(e => e.Tag == "expert").Average(e => e.Return) > mixed.Where(e => e.Tag == "medium").Average(e => e.Return));
    }

    // Re-measures LearnerFlaws' RandomFlaw and MediumFlaw as their docs say (16 stage seeds × 6 episodes): the first replay
    // stage scores like random, the last about 40, so the stages in between climb from one to the other.
    [Theory]
    [MemberData(nameof(Evaluation.BenchmarkAlgorithmTests.ClassicIds), MemberType = typeof(Evaluation.BenchmarkAlgorithmTests))]
    public void Replay_stages_climb_from_a_random_score_to_about_40(string id)
    {
        var env = EnvironmentCatalog.Create(id);
        double Score(double flaw) => Enumerable.Range(0, 16).Average(s => ReferenceReturns.NormalizedScore(id,
            BehaviorRollout.Returns(env, new LearnerController(id, flaw, 9000 + s), 6, seed: 31 * s).Average()));
        var flaws = LearnerFlaws.For(id);
        var first = Score(flaws.RandomFlaw);
        var middle = Score(BehaviorDataGenerator.ReplayFlaw(id, 5));
        var last = Score(flaws.MediumFlaw);
        Assert.InRange(first, -10, 6);
        Assert.InRange(last, 30, 50);
        Assert.InRange(middle, first, last);
    }

    [Fact]
    public void Stitching_environments_point_to_their_own_generators()
    {
        var ex = Assert.Throws<ArgumentException>(() => BehaviorDataGenerator.Generate("StitchGrid-v0", BehaviorDatasetKind.Medium, 100, 0));
        Assert.Contains("StitchGridDataGenerator", ex.Message);
    }

    [Fact]
    public void A_discrete_learner_has_no_coin_flips_its_actions_depend_on_the_state_only()
    {
        // Two controller seeds, same stage: identical actions on identical observations (only continuous actions get noise).
        var env = EnvironmentCatalog.Create(EnvironmentCatalog.CartPole);
        var a = new LearnerController(EnvironmentCatalog.CartPole, 0.6, stageSeed: 9);
        var b = new LearnerController(EnvironmentCatalog.CartPole, 0.6, stageSeed: 9);
        a.Reset(1);
        b.Reset(2);
        var observation = env.Reset(3);
        for (var t = 0; t < 30; t++)
        {
            var action = a.Act(observation);
            Assert.Equal(action, b.Act(observation));
            var result = env.Step(action);
            if (result.Done)
            {
                break;
            }

            observation = result.Observation;
        }

        // Flaw 0.6 → round(0.6 × 3) = 2 steps of delay; the angular velocity is still seen (hidden only above 0.8).
        Assert.Equal(2, a.Delay);
        Assert.False(a.MissesVariable);
        Assert.True(new LearnerController(EnvironmentCatalog.CartPole, 0.9, 0).MissesVariable);
    }
}
