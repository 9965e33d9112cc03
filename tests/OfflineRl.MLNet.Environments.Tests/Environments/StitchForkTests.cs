using OfflineRl.MLNet.Environments;
using OfflineRl.MLNet.Evaluation;

namespace OfflineRl.MLNet.Tests.Environments;

public sealed class StitchForkTests
{
    private static (double Return, int Steps, bool Goal) Walk(params GridAction[] moves)
    {
        var env = new StitchForkEnvironment();
        env.Reset(0);
        double total = 0;
        var steps = 0;
        foreach (var move in moves)
        {
            var result = env.Step([(float)move]);
            total += result.Reward;
            steps++;
            if (result.Done)
            {
                Assert.True(result.Terminated);
                break;
            }
        }

        return (total, steps, env.ReachedGoal);
    }

    [Fact]
    public void Grid_routes_return_what_the_layout_says()
    {
        // Hand-computed: left is the exit (0.5); right, down is the trap (0); right, right, right is the goal (1).
        Assert.Equal((0.5, 1, false), Walk(GridAction.Left));
        Assert.Equal((0.0, 2, false), Walk(GridAction.Right, GridAction.Down));
        Assert.Equal((1.0, 3, true), Walk(GridAction.Right, GridAction.Right, GridAction.Right));

        // Up from the start is a wall: no move, no reward, no end.
        var env = new StitchForkEnvironment();
        env.Reset(0);
        var stay = env.Step([(float)GridAction.Up]);
        Assert.Equal(StitchForkLayout.Start, env.Cell);
        Assert.Equal(0.0, stay.Reward);
        Assert.False(stay.Done);

        // The feeder costs 0.15 per step: from its top, 4 feeder steps then 2 bridge steps → 1 − 0.6 = 0.4.
        env.Reset(StitchForkLayout.FeederTop);
        double total = 0;
        foreach (var move in new[] { GridAction.Down, GridAction.Down, GridAction.Down, GridAction.Down, GridAction.Right, GridAction.Right })
        {
            total += env.Step([(float)move]).Reward;
        }

        Assert.Equal(0.4, total, 12);
        Assert.True(env.ReachedGoal);
    }

    [Fact]
    public void Grid_data_has_the_three_routes_and_never_goes_from_start_to_goal()
    {
        var generator = new StitchForkDataGenerator(EnvironmentCatalog.StitchFork);
        var episodes = generator.Generate(seed: 3);
        var byTag = episodes.GroupBy(e => e.Tag!).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(30, byTag["start-to-trap"].Count);
        Assert.Equal(50, byTag["start-to-exit"].Count);
        Assert.Equal(20, byTag["feeder-to-goal"].Count);
        Assert.All(byTag["start-to-trap"], e => Assert.Equal((0.0, 2), (e.Return, e.Length)));
        Assert.All(byTag["start-to-exit"], e => Assert.Equal((0.5, 1), (e.Return, e.Length)));
        Assert.All(byTag["feeder-to-goal"], e => Assert.Equal(0.4, e.Return, 6));
        Assert.All(episodes, e => Assert.False(StitchForkDataGenerator.GoesFromStartToGoal(e)));
        Assert.All(episodes, e => Assert.True(e.Terminals[^1]));

        // At the start the logged actions are 50 × left (exit) and 30 × right (toward the trap): cloning takes the exit.
        var start = episodes.SelectMany(e => Enumerable.Range(0, e.Length).Where(t => StitchForkEnvironment.CellOf(e.ObservationAt(t)) == StitchForkLayout.Start)
            .Select(t => (GridAction)e.DiscreteActions![t])).GroupBy(a => a).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(50, start[GridAction.Left]);
        Assert.Equal(30, start[GridAction.Right]);

        // At the junction: 30 × down (trap episodes) and 20 × right (feeder episodes): the same state, two continuations.
        var junction = episodes.SelectMany(e => Enumerable.Range(0, e.Length).Where(t => StitchForkEnvironment.CellOf(e.ObservationAt(t)) == StitchForkLayout.Junction)
            .Select(t => (GridAction)e.DiscreteActions![t])).GroupBy(a => a).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(30, junction[GridAction.Down]);
        Assert.Equal(20, junction[GridAction.Right]);
    }

    [Theory]
    [InlineData("StitchFork-v0")]
    [InlineData("StitchForkPoint-v0")]
    public void Same_seed_gives_the_same_bytes_and_another_seed_another_order(string id)
    {
        var a = EpisodeDatasets.Generate(id, BehaviorDatasetKind.Medium, 1, seed: 4);
        var b = EpisodeDatasets.Generate(id, BehaviorDatasetKind.Medium, 1, seed: 4);
        var c = EpisodeDatasets.Generate(id, BehaviorDatasetKind.Medium, 1, seed: 5);
        Assert.Equal(a.Observations.ToArray(), b.Observations.ToArray());
        Assert.Equal(a.Rewards.ToArray(), b.Rewards.ToArray());
        Assert.NotEqual(a.Rewards.ToArray(), c.Rewards.ToArray());
    }

    [Fact]
    public void Point_data_goal_episodes_return_less_than_the_exit()
    {
        var episodes = new StitchForkDataGenerator(EnvironmentCatalog.StitchForkPoint).Generate(seed: 0);
        var goal = episodes.Where(e => e.Tag == "feeder-to-goal" && e.Terminals[^1] && e.Rewards[^1] > 0.9f).ToList();
        Assert.NotEmpty(goal);
        // At least 7 feeder steps at 0.075: a goal episode returns at most 1 − 0.525 = 0.475 < 0.5.
        Assert.All(goal, e => Assert.True(e.Return <= 0.475 + 1e-6, $"return {e.Return}"));
        Assert.All(episodes.Where(e => e.Tag == "start-to-exit"), e => Assert.Equal(0.5, e.Return, 6));
        Assert.All(episodes, e => Assert.False(StitchForkDataGenerator.GoesFromStartToGoal(e)));
    }

    [Fact]
    public void Point_controller_crosses_the_junction_centre_before_it_turns()
    {
        static float[] Act(ForkRoute route, double x, double y) =>
            new StitchForkController(EnvironmentCatalog.StitchForkPoint, route).Act(StitchForkLayout.Observe(x, y));

        // Observations are floats, so positions come back within about 1e-6 of a cell.
        static void Close(float[] expected, float[] actual)
        {
            Assert.Equal(expected.Length, actual.Length);
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.Equal(expected[i], actual[i], 1e-5f);
            }
        }

        // Trap route, entering the junction from the west 0.4 short of its centre (4.5, 5.5): keep heading for the centre,
        // (4.5 − 4.1) / 0.5 = 0.8 across and 0 down; 0.1 short (within the 0.15 turn radius): head for the trap's centre
        // (4.5, 6.5), (0.1 / 0.5, 1 / 0.5 clipped) = (0.2, 1).
        Close([0.8f, 0f], Act(ForkRoute.StartToTrap, 4.1, 5.5));
        Close([0.2f, 1f], Act(ForkRoute.StartToTrap, 4.4, 5.5));

        // Feeder route, entering from the north at (4.6, 5.2), 0.3 short: the centre, (−0.1 / 0.5, 0.3 / 0.5) = (−0.2, 0.6);
        // at (4.6, 5.4), 0.1 short: the next bridge cell's centre (5.5, 5.5), (0.9 / 0.5 clipped, 0.1 / 0.5) = (1, 0.2).
        Close([-0.2f, 0.6f], Act(ForkRoute.FeederToGoal, 4.6, 5.2));
        Close([1f, 0.2f], Act(ForkRoute.FeederToGoal, 4.6, 5.4));

        // The expert's straight route does not turn at the junction: it heads for the next cell at once.
        Close([1f, 0f], Act(ForkRoute.StartToGoal, 4.1, 5.5));
    }

    [Fact]
    public void Point_data_trap_and_feeder_episodes_share_the_junction_centre_and_start_where_the_environment_does()
    {
        for (var seed = 0; seed < 6; seed++)
        {
            foreach (var episode in new StitchForkDataGenerator(EnvironmentCatalog.StitchForkPoint).Generate(seed))
            {
                var (x0, y0) = StitchForkLayout.PositionOf(episode.ObservationAt(0));
                if (episode.Tag == "feeder-to-goal")
                {
                    Assert.InRange(y0, 1.2, 1.8);
                }
                else
                {
                    // The start region: the start cell (3, 5)'s west part, 3.2 ≤ x < 3.5 and 5.2 ≤ y < 5.8.
                    Assert.InRange(x0, 3.2, 3.5);
                    Assert.InRange(y0, 5.2, 5.8);
                }

                if (episode.Tag == "start-to-exit")
                {
                    continue;
                }

                // Both routes that continue from the junction log a step within 0.2 cells (each axis) of its centre.
                var nearest = Enumerable.Range(0, episode.Length).Select(t => StitchForkLayout.PositionOf(episode.ObservationAt(t)))
                    .Where(p => Math.Floor(p.X) == 4 && Math.Floor(p.Y) == 5)
                    .Min(p => Math.Max(Math.Abs(p.X - 4.5), Math.Abs(p.Y - 5.5)));
                Assert.True(nearest <= 0.2, $"seed {seed} {episode.Tag}: nearest junction step {nearest:0.000} from its centre");
            }
        }

        for (var seed = 0; seed < 50; seed++)
        {
            var (x, y) = StitchForkLayout.PositionOf(new StitchForkPointEnvironment().Reset(seed));
            Assert.InRange(x, 3.2, 3.5);
            Assert.InRange(y, 5.2, 5.8);
        }
    }

    [Theory]
    [InlineData("StitchFork-v0")]
    [InlineData("StitchForkPoint-v0")]
    public void Only_the_goal_counts_as_success_and_the_expert_reaches_it(string id)
    {
        var exit = PolicyEvaluator.Evaluate(id == EnvironmentCatalog.StitchFork ? _ => [(float)GridAction.Left] : _ => [-1f, 0f], id, episodes: 3);
        Assert.Equal(0.0, exit.SuccessRate);
        Assert.Equal(0.5, exit.MeanReturn, 12);
        var expert = PolicyEvaluator.Evaluate(PolicyActors.Scripted(id, BehaviorLevel.Expert), id, episodes: 3);
        Assert.Equal(1.0, expert.SuccessRate);
        Assert.Equal(100, expert.NormalizedScore, 9);
    }

    [Theory]
    [InlineData("StitchFork-v0")]
    [InlineData("StitchForkPoint-v0")]
    public void Recorded_reference_returns_are_what_the_controllers_measure(string id)
    {
        var env = EnvironmentCatalog.Create(id);
        double Measure(BehaviorLevel level) => BehaviorRollout.Returns(env, BehaviorControllers.Create(id, level), 100, seed: 0).Average();
        Assert.Equal(ReferenceReturns.Get(id).Random, Measure(BehaviorLevel.Random), 0.006);
        Assert.Equal(ReferenceReturns.Get(id).Expert, Measure(BehaviorLevel.Expert), 0.006);
    }
}
