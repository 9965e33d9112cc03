using OfflineRl.MLNet.Environments;

namespace OfflineRl.MLNet.Tests.Environments;

public sealed class PointMazeEnvironmentTests
{
    [Fact]
    public void Moves_by_half_a_cell_per_unit_action_and_clips_actions()
    {
        var env = new PointMazeEnvironment();
        env.Reset([5.5, 6.5]);
        env.Step([1f, 0f]);
        Assert.Equal(new[] { 6.0, 6.5 }, env.GetState());
        env.Step([-3f, 0f]);
        Assert.Equal(new[] { 5.5, 6.5 }, env.GetState());
    }

    [Fact]
    public void Walls_stop_the_point_and_it_slides_along_them()
    {
        var env = new PointMazeEnvironment();
        env.Reset([5.5, 6.2]);
        env.Step([1f, -1f]); // x moves to 6.0 freely, y would enter wall row 5: stops at the cell's edge 6.0
        Assert.Equal(new[] { 6.0, 6.0 }, env.GetState());

        env.Reset([3.5, 6.5]);
        env.Step([0f, -1f]); // (3, 5) is the start room's doorway: free
        Assert.Equal(new[] { 3.5, 6.0 }, env.GetState());
        env.Step([0f, -1f]);
        Assert.Equal(StitchRoom.Start, env.Map.RoomOf(env.Cell));
    }

    [Fact]
    public void Reaching_the_goal_point_pays_one_and_terminates()
    {
        var env = new PointMazeEnvironment();
        var (gx, gy) = env.GoalPoint;
        env.Reset([gx - 0.8, gy]);
        var result = env.Step([1f, 0f]);
        Assert.True(result.Terminated);
        Assert.Equal(1.0, result.Reward);
        Assert.Throws<ArgumentException>(() => env.Reset([gx, gy]));
        Assert.Throws<ArgumentException>(() => env.Reset([0.5, 0.5]));
    }

    [Fact]
    public void The_waypoint_controller_reaches_the_goal_from_every_start_cell()
    {
        var env = new PointMazeEnvironment();
        var controller = new PointMazeController();
        foreach (var start in env.Map.CellsIn(StitchRoom.Start))
        {
            var observation = env.Reset([start.X + 0.2, start.Y + 0.8]);
            StepResult result;
            do
            {
                result = env.Step(controller.Act(observation));
                observation = result.Observation;
            }
            while (!result.Done);

            Assert.True(result.Terminated, $"from {start}");
        }
    }

    [Fact]
    public void Seeded_resets_are_deterministic_and_inside_the_start_room()
    {
        var env = new PointMazeEnvironment();
        Assert.Equal(84, env.TimeLimit);
        for (var seed = 0; seed < 50; seed++)
        {
            var observation = env.Reset(seed);
            Assert.Equal(StitchRoom.Start, env.Map.RoomOf(env.Cell));
            Assert.Equal(1f, observation[2]);
        }

        Assert.Equal(env.Reset(11), env.Reset(11));
    }
}
