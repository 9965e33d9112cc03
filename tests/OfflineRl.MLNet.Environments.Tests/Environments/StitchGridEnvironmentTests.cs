using OfflineRl.MLNet.Environments;

namespace OfflineRl.MLNet.Tests.Environments;

public sealed class StitchGridEnvironmentTests
{
    private static readonly StitchGridMap Map = StitchGridMap.Default;

    [Fact]
    public void Start_and_goal_rooms_are_joined_only_through_the_hub()
    {
        // Flood fill from the start room without entering the hub: the goal room and the dead end are unreachable.
        var reached = FloodFill(Map.CellsIn(StitchRoom.Start)[0], cell => Map.RoomOf(cell) != StitchRoom.Hub);
        Assert.DoesNotContain(reached, c => Map.RoomOf(c) is StitchRoom.Goal or StitchRoom.DeadEnd);
        Assert.All(Map.CellsIn(StitchRoom.Start), c => Assert.Contains(c, reached));

        // The dead end also hangs off the hub only.
        var fromDeadEnd = FloodFill(Map.CellsIn(StitchRoom.DeadEnd)[0], cell => Map.RoomOf(cell) != StitchRoom.Hub);
        Assert.All(fromDeadEnd, c => Assert.Equal(StitchRoom.DeadEnd, Map.RoomOf(c)));

        // With the hub, everything is connected, and every start cell's shortest path crosses the hub.
        foreach (var start in Map.CellsIn(StitchRoom.Start))
        {
            var path = Map.ShortestPath(start, Map.Goal);
            Assert.Equal(Map.Distance(start, Map.Goal) + 1, path.Count);
            Assert.Contains(path, c => Map.RoomOf(c) == StitchRoom.Hub);
        }

        Assert.Equal(StitchRoom.Goal, Map.RoomOf(Map.Goal));
        Assert.Equal(21, Map.LongestStartToGoalDistance);
    }

    [Fact]
    public void Walls_block_moves_and_reaching_the_goal_pays_one_and_terminates()
    {
        var env = new StitchGridEnvironment();
        Assert.Equal(42, env.TimeLimit);
        env.Reset(new GridCell(1, 1));
        var blocked = env.Step((int)GridAction.Up);
        Assert.Equal(new GridCell(1, 1), env.Cell);
        Assert.Equal(0.0, blocked.Reward);

        var goal = Map.Goal;
        env.Reset(goal with { X = goal.X - 1 });
        var result = env.Step((int)GridAction.Right);
        Assert.Equal(goal, env.Cell);
        Assert.True(result.Terminated);
        Assert.Equal(1.0, result.Reward);
        Assert.Throws<InvalidOperationException>(() => env.Step(0));
    }

    [Fact]
    public void Following_the_planner_from_every_start_cell_reaches_the_goal_in_time()
    {
        var env = new StitchGridEnvironment();
        foreach (var start in Map.CellsIn(StitchRoom.Start))
        {
            var observation = env.Reset(start);
            var controller = new StitchGridController();
            StepResult result;
            var steps = 0;
            do
            {
                result = env.Step(controller.Act(observation));
                observation = result.Observation;
                steps++;
            }
            while (!result.Done);

            Assert.True(result.Terminated);
            Assert.Equal(Map.Distance(start, Map.Goal), steps);
        }
    }

    [Fact]
    public void Observation_is_scaled_position_plus_room_indicators()
    {
        var env = new StitchGridEnvironment();
        var observation = env.Reset(new GridCell(3, 6));
        Assert.Equal((float)((2 * 3.5 / 17) - 1), observation[0]);
        Assert.Equal((float)((2 * 6.5 / 12) - 1), observation[1]);
        Assert.Equal(new[] { 0f, 1f, 0f, 0f }, observation[2..]);
        Assert.Equal(new GridCell(3, 6), env.CellOf(observation));
        Assert.Equal(new[] { 1f, 0f, 0f, 0f }, env.Observe(new GridCell(1, 1))[2..]);
    }

    [Fact]
    public void Time_limit_truncates_and_seeded_resets_start_in_the_start_room()
    {
        var env = new StitchGridEnvironment(timeLimit: 2);
        env.Reset(new GridCell(1, 1));
        env.Step((int)GridAction.Up);
        Assert.True(env.Step((int)GridAction.Up).Truncated);

        var full = new StitchGridEnvironment();
        for (var seed = 0; seed < 50; seed++)
        {
            full.Reset(seed);
            Assert.Equal(StitchRoom.Start, Map.RoomOf(full.Cell));
        }

        Assert.Equal(full.Reset(4), full.Reset(4));
        Assert.Throws<ArgumentException>(() => full.Reset(new GridCell(0, 0)));
        Assert.Throws<ArgumentException>(() => full.Reset(Map.Goal));
        Assert.Throws<ArgumentException>(() => full.Reset([1.5, 1.0]));
    }

    [Fact]
    public void Malformed_layouts_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new StitchGridMap(["###", "#s#", "###"]));
        Assert.Throws<ArgumentException>(() => new StitchGridMap(["#####", "#sGx#", "#####"]));
        Assert.Throws<ArgumentException>(() => new StitchGridMap(["#####", "#s#G#", "#####"]));
    }

    private static HashSet<GridCell> FloodFill(GridCell from, Func<GridCell, bool> allowed)
    {
        var seen = new HashSet<GridCell> { from };
        var queue = new Queue<GridCell>([from]);
        while (queue.TryDequeue(out var cell))
        {
            foreach (var action in Enum.GetValues<GridAction>())
            {
                var next = StitchGridMap.Neighbor(cell, action);
                if (Map.IsFree(next) && allowed(next) && seen.Add(next))
                {
                    queue.Enqueue(next);
                }
            }
        }

        return seen;
    }
}
