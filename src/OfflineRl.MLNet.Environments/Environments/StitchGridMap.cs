using System.Collections.Concurrent;

namespace OfflineRl.MLNet.Environments;

/// <summary>
/// The stitching map shared by <see cref="StitchGridEnvironment"/> and <see cref="PointMazeEnvironment"/>:
/// rooms as an ASCII layout, the room of each cell, moves that walls block, and a breadth-first-search planner.
/// </summary>
/// <remarks>
/// The default layout (<see cref="DefaultLayout"/>): the start room (top left) and the goal room (top
/// right) each open through a one-cell doorway onto the hub corridor; the corridor also branches down into
/// a dead-end room. No path from the start room to the goal avoids the corridor.
/// Legend: <c>#</c> wall, <c>s</c> start room, <c>h</c> hub, <c>d</c> dead end, <c>g</c> goal room,
/// <c>G</c> the goal cell (part of the goal room).
/// </remarks>
public sealed class StitchGridMap
{
    /// <summary>The default layout, row 0 first.</summary>
    public static readonly IReadOnlyList<string> DefaultLayout =
    [
        "#################",
        "#ssss#######gggg#",
        "#ssss#######gggg#",
        "#ssss#######ggGg#",
        "#ssss#######gggg#",
        "###s#########g###",
        "###hhhhhhhhhhh###",
        "########h########",
        "######ddddd######",
        "######ddddd######",
        "######ddddd######",
        "#################",
    ];

    private readonly StitchRoom[] _rooms;
    private readonly GridCell[][] _cellsByRoom;
    private readonly ConcurrentDictionary<GridCell, int[]> _distanceFields = new();

    /// <summary>Builds a map from an ASCII layout (see the remarks for the legend).</summary>
    /// <param name="layout">Rows of equal width, top row first, surrounded by walls, with exactly one <c>G</c>.</param>
    /// <exception cref="ArgumentException">When the layout is malformed.</exception>
    public StitchGridMap(IReadOnlyList<string> layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (layout.Count < 3 || layout[0].Length < 3)
        {
            throw new ArgumentException("A layout needs at least 3 rows and 3 columns.", nameof(layout));
        }

        Height = layout.Count;
        Width = layout[0].Length;
        _rooms = new StitchRoom[Width * Height];
        GridCell? goal = null;
        for (var y = 0; y < Height; y++)
        {
            if (layout[y].Length != Width)
            {
                throw new ArgumentException($"Layout row {y} has {layout[y].Length} columns; row 0 has {Width}.", nameof(layout));
            }

            for (var x = 0; x < Width; x++)
            {
                var c = layout[y][x];
                var room = c switch
                {
                    '#' => StitchRoom.Wall,
                    's' => StitchRoom.Start,
                    'h' => StitchRoom.Hub,
                    'd' => StitchRoom.DeadEnd,
                    'g' or 'G' => StitchRoom.Goal,
                    _ => throw new ArgumentException($"Layout cell ({x}, {y}) is '{c}'; expected one of # s h d g G.", nameof(layout)),
                };
                var border = x == 0 || y == 0 || x == Width - 1 || y == Height - 1;
                if (border && room != StitchRoom.Wall)
                {
                    throw new ArgumentException($"Layout cell ({x}, {y}) is on the border and must be a wall.", nameof(layout));
                }

                if (c == 'G')
                {
                    if (goal is not null)
                    {
                        throw new ArgumentException("The layout has more than one goal cell 'G'.", nameof(layout));
                    }

                    goal = new GridCell(x, y);
                }

                _rooms[Index(x, y)] = room;
            }
        }

        Goal = goal ?? throw new ArgumentException("The layout has no goal cell 'G'.", nameof(layout));
        Layout = layout.ToArray();
        _cellsByRoom = new GridCell[5][];
        foreach (var room in Enum.GetValues<StitchRoom>())
        {
            var cells = new List<GridCell>();
            for (var y = 0; y < Height; y++)
            {
                for (var x = 0; x < Width; x++)
                {
                    if (_rooms[Index(x, y)] == room)
                    {
                        cells.Add(new GridCell(x, y));
                    }
                }
            }

            _cellsByRoom[(int)room] = cells.ToArray();
        }

        foreach (var room in new[] { StitchRoom.Start, StitchRoom.Hub, StitchRoom.DeadEnd })
        {
            if (_cellsByRoom[(int)room].Length == 0)
            {
                throw new ArgumentException($"The layout has no {room} cells.", nameof(layout));
            }
        }

        foreach (var cell in _cellsByRoom[(int)StitchRoom.Start])
        {
            if (Distance(cell, Goal) < 0)
            {
                throw new ArgumentException($"Start-room cell {cell} cannot reach the goal.", nameof(layout));
            }
        }

        LongestStartToGoalDistance = _cellsByRoom[(int)StitchRoom.Start].Max(cell => Distance(cell, Goal));
        StartSideHubCells = _cellsByRoom[(int)StitchRoom.Hub]
            .Where(cell => DistanceToRoom(cell, StitchRoom.Start) < DistanceToRoom(cell, StitchRoom.Goal))
            .ToArray();
        if (StartSideHubCells.Count == 0)
        {
            throw new ArgumentException("No hub cell is nearer the start room than the goal room.", nameof(layout));
        }
    }

    /// <summary>The map built from <see cref="DefaultLayout"/>.</summary>
    public static StitchGridMap Default { get; } = new(DefaultLayout);

    /// <summary>The layout rows this map was built from.</summary>
    public IReadOnlyList<string> Layout { get; }

    /// <summary>Number of columns.</summary>
    public int Width { get; }

    /// <summary>Number of rows.</summary>
    public int Height { get; }

    /// <summary>The goal cell.</summary>
    public GridCell Goal { get; }

    /// <summary>The largest shortest-path length (in moves) from a start-room cell to the goal.</summary>
    public int LongestStartToGoalDistance { get; }

    /// <summary>
    /// The hub cells strictly nearer (in moves) to the start room than to the goal room — on the default map the corridor
    /// west of the dead-end junction. Start → hub episodes end here, so no logged start-room traffic walks the corridor
    /// toward the goal room and outvotes the dead-end traffic at the junction.
    /// </summary>
    public IReadOnlyList<GridCell> StartSideHubCells { get; }

    /// <summary>The room of a cell (<see cref="StitchRoom.Wall"/> for walls and cells outside the map).</summary>
    /// <param name="cell">The cell.</param>
    /// <returns>Its room.</returns>
    public StitchRoom RoomOf(GridCell cell) => Contains(cell) ? _rooms[Index(cell.X, cell.Y)] : StitchRoom.Wall;

    /// <summary>True when a cell is inside the map and not a wall.</summary>
    /// <param name="cell">The cell.</param>
    /// <returns>Whether an agent can stand there.</returns>
    public bool IsFree(GridCell cell) => RoomOf(cell) != StitchRoom.Wall;

    /// <summary>The cells of a room, row by row.</summary>
    /// <param name="room">The room.</param>
    /// <returns>Its cells.</returns>
    public IReadOnlyList<GridCell> CellsIn(StitchRoom room) => _cellsByRoom[(int)room];

    /// <summary>Where a move leads: the neighbour in the action's direction, or the same cell when a wall is there.</summary>
    /// <param name="cell">The starting cell.</param>
    /// <param name="action">The move.</param>
    /// <returns>The resulting cell.</returns>
    public GridCell Move(GridCell cell, GridAction action)
    {
        var next = Neighbor(cell, action);
        return IsFree(next) ? next : cell;
    }

    /// <summary>The neighbouring cell in a direction, whether or not it is free.</summary>
    /// <param name="cell">The starting cell.</param>
    /// <param name="action">The direction.</param>
    /// <returns>The neighbour.</returns>
    public static GridCell Neighbor(GridCell cell, GridAction action) => action switch
    {
        GridAction.Up => cell with { Y = cell.Y - 1 },
        GridAction.Down => cell with { Y = cell.Y + 1 },
        GridAction.Left => cell with { X = cell.X - 1 },
        GridAction.Right => cell with { X = cell.X + 1 },
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown grid action."),
    };

    /// <summary>Shortest-path length in moves between two free cells, or −1 when unreachable.</summary>
    /// <param name="from">Start cell.</param>
    /// <param name="to">Target cell.</param>
    /// <returns>The number of moves.</returns>
    public int Distance(GridCell from, GridCell to)
    {
        RequireFree(from, nameof(from));
        return DistanceField(to)[Index(from.X, from.Y)];
    }

    /// <summary>
    /// The planner: the first move of a shortest path from <paramref name="from"/> to <paramref name="to"/>.
    /// Ties are broken in the order up, down, left, right, so the plan is deterministic.
    /// </summary>
    /// <param name="from">Current cell.</param>
    /// <param name="to">Target cell.</param>
    /// <returns>The move, or null when already there or the target is unreachable.</returns>
    public GridAction? NextAction(GridCell from, GridCell to)
    {
        RequireFree(from, nameof(from));
        var field = DistanceField(to);
        var here = field[Index(from.X, from.Y)];
        if (here <= 0)
        {
            return null;
        }

        foreach (var action in Enum.GetValues<GridAction>())
        {
            var next = Neighbor(from, action);
            if (IsFree(next) && field[Index(next.X, next.Y)] == here - 1)
            {
                return action;
            }
        }

        return null;
    }

    /// <summary>The cells of a shortest path, both ends included (empty when unreachable).</summary>
    /// <param name="from">Start cell.</param>
    /// <param name="to">Target cell.</param>
    /// <returns>The path.</returns>
    public IReadOnlyList<GridCell> ShortestPath(GridCell from, GridCell to)
    {
        RequireFree(from, nameof(from));
        if (Distance(from, to) < 0)
        {
            return [];
        }

        var path = new List<GridCell> { from };
        var cell = from;
        while (NextAction(cell, to) is { } action)
        {
            cell = Neighbor(cell, action);
            path.Add(cell);
        }

        return path;
    }

    private int DistanceToRoom(GridCell from, StitchRoom room) =>
        _cellsByRoom[(int)room].Select(cell => Distance(from, cell)).Where(d => d >= 0).DefaultIfEmpty(int.MaxValue).Min();

    private int[] DistanceField(GridCell target)
    {
        RequireFree(target, nameof(target));
        return _distanceFields.GetOrAdd(target, Bfs);
    }

    private int[] Bfs(GridCell target)
    {
        var distance = new int[Width * Height];
        Array.Fill(distance, -1);
        var queue = new Queue<GridCell>();
        distance[Index(target.X, target.Y)] = 0;
        queue.Enqueue(target);
        while (queue.TryDequeue(out var cell))
        {
            var d = distance[Index(cell.X, cell.Y)];
            foreach (var action in Enum.GetValues<GridAction>())
            {
                var next = Neighbor(cell, action);
                if (IsFree(next) && distance[Index(next.X, next.Y)] < 0)
                {
                    distance[Index(next.X, next.Y)] = d + 1;
                    queue.Enqueue(next);
                }
            }
        }

        return distance;
    }

    private void RequireFree(GridCell cell, string name)
    {
        if (!IsFree(cell))
        {
            throw new ArgumentException($"Cell {cell} is a wall or outside the {Width}x{Height} map.", name);
        }
    }

    private bool Contains(GridCell cell) => cell.X >= 0 && cell.Y >= 0 && cell.X < Width && cell.Y < Height;

    private int Index(int x, int y) => (y * Width) + x;
}
