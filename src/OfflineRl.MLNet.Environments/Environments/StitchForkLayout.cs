namespace OfflineRl.MLNet.Environments;

/// <summary>The cell kinds of the fork tasks (<see cref="StitchForkEnvironment"/>, <see cref="StitchForkPointEnvironment"/>).</summary>
public enum ForkCell
{
    /// <summary>A wall.</summary>
    Wall = 0,

    /// <summary>The start cell.</summary>
    Start = 1,

    /// <summary>The safe exit beside the start: entering it ends the episode with <see cref="StitchForkLayout.ExitReward"/>.</summary>
    Exit = 2,

    /// <summary>The bridge corridor from the start to the goal; its first cell is the junction with the trap and the feeder.</summary>
    Bridge = 3,

    /// <summary>The trap below the junction: entering it ends the episode with reward 0.</summary>
    Trap = 4,

    /// <summary>The rough feeder corridor above the junction: every step that starts in it costs <see cref="StitchForkLayout.FeederCostPerCell"/> per cell.</summary>
    Feeder = 5,

    /// <summary>The goal: entering it ends the episode with reward 1.</summary>
    Goal = 6,
}

/// <summary>
/// The map of the fork tasks — the seeds' stitching test — row 0 first (x to the right, y down):
/// <code>
/// #########
/// ####f####
/// ####f####
/// ####f####
/// ####f####
/// ##esbbG##
/// ####t####
/// #########
/// </code>
/// From the start <c>s</c>, left is the safe exit <c>e</c> (reward 0.5) and right the bridge <c>b</c>; from the junction
/// (the first <c>b</c>) down is the trap <c>t</c>, right leads to the goal <c>G</c> (reward 1), up is the rough feeder <c>f</c>.
/// </summary>
public static class StitchForkLayout
{
    /// <summary>The layout rows (see the class summary).</summary>
    public static readonly IReadOnlyList<string> Rows =
    [
        "#########",
        "####f####",
        "####f####",
        "####f####",
        "####f####",
        "##esbbG##",
        "####t####",
        "#########",
    ];

    /// <summary>Reward on entering the safe exit: a mediocre but certain return.</summary>
    public const double ExitReward = 0.5;

    /// <summary>
    /// Cost per cell travelled from a feeder cell (0.15, so the four feeder cells cost 0.6 and a feeder → goal episode returns
    /// at most 0.4, below the exit's 0.5: trajectory filtering ranks the goal episodes under the safe ones).
    /// </summary>
    public const double FeederCostPerCell = 0.15;

    /// <summary>Map width in cells.</summary>
    public const int Width = 9;

    /// <summary>Map height in cells.</summary>
    public const int Height = 8;

    /// <summary>The start cell.</summary>
    public static GridCell Start { get; } = new(3, 5);

    /// <summary>The junction: the first bridge cell, where the trap, the feeder and the way to the goal meet.</summary>
    public static GridCell Junction { get; } = new(4, 5);

    /// <summary>The top feeder cell, where the feeder → goal episodes start.</summary>
    public static GridCell FeederTop { get; } = new(4, 1);

    /// <summary>The kind of a cell (<see cref="ForkCell.Wall"/> outside the map).</summary>
    /// <param name="cell">The cell.</param>
    public static ForkCell KindOf(GridCell cell)
    {
        if (cell.X < 0 || cell.Y < 0 || cell.X >= Width || cell.Y >= Height)
        {
            return ForkCell.Wall;
        }

        return Rows[cell.Y][cell.X] switch
        {
            's' => ForkCell.Start,
            'e' => ForkCell.Exit,
            'b' => ForkCell.Bridge,
            't' => ForkCell.Trap,
            'f' => ForkCell.Feeder,
            'G' => ForkCell.Goal,
            _ => ForkCell.Wall,
        };
    }

    /// <summary>True for the cells that end an episode on entry: exit, trap, goal.</summary>
    /// <param name="kind">The cell kind.</param>
    public static bool Ends(ForkCell kind) => kind is ForkCell.Exit or ForkCell.Trap or ForkCell.Goal;

    /// <summary>The reward for entering a cell of <paramref name="kind"/> (1 goal, 0.5 exit, 0 otherwise).</summary>
    /// <param name="kind">The cell kind.</param>
    public static double EntryReward(ForkCell kind) => kind switch
    {
        ForkCell.Goal => 1.0,
        ForkCell.Exit => ExitReward,
        _ => 0.0,
    };

    /// <summary>The observation of a position in cell units: x and y scaled to [−1, 1] by the map's width and height.</summary>
    /// <param name="x">x in cell units.</param>
    /// <param name="y">y in cell units.</param>
    public static float[] Observe(double x, double y) => [(float)((2.0 * x / Width) - 1.0), (float)((2.0 * y / Height) - 1.0)];

    /// <summary>The position (cell units) an observation describes.</summary>
    /// <param name="observation">A two-value observation.</param>
    public static (double X, double Y) PositionOf(ReadOnlySpan<float> observation)
    {
        if (observation.Length != 2)
        {
            throw new ArgumentException($"A fork observation has 2 values; got {observation.Length}.", nameof(observation));
        }

        return ((observation[0] + 1.0) * Width / 2.0, (observation[1] + 1.0) * Height / 2.0);
    }

    /// <summary>The cells each logged route of <see cref="StitchForkDataGenerator"/> walks, first to last.</summary>
    /// <param name="route">The route.</param>
    public static IReadOnlyList<GridCell> Path(ForkRoute route) => route switch
    {
        ForkRoute.StartToTrap => [Start, Junction, new(4, 6)],
        ForkRoute.StartToExit => [Start, new(2, 5)],
        ForkRoute.FeederToGoal => [FeederTop, new(4, 2), new(4, 3), new(4, 4), Junction, new(5, 5), new(6, 5)],
        ForkRoute.StartToGoal => [Start, Junction, new(5, 5), new(6, 5)],
        _ => throw new ArgumentOutOfRangeException(nameof(route), route, "Unknown route."),
    };
}

/// <summary>The routes of the fork tasks. The data logs the first three; <see cref="StartToGoal"/> is what stitching finds.</summary>
public enum ForkRoute
{
    /// <summary>Start → junction → trap: return 0 (the start's "right" action with a poor continuation).</summary>
    StartToTrap = 0,

    /// <summary>Start → safe exit: return 0.5.</summary>
    StartToExit = 1,

    /// <summary>Top of the feeder → junction → goal: return 1 − 0.6 = 0.4 on the grid.</summary>
    FeederToGoal = 2,

    /// <summary>Start → junction → goal: return 1. Never logged; the expert's route.</summary>
    StartToGoal = 3,
}
