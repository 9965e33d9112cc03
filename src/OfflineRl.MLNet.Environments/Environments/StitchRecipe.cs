namespace OfflineRl.MLNet.Environments;

/// <summary>The parts of the stitching data recipe shared by the grid and point-maze generators.</summary>
internal static class StitchRecipe
{
    /// <summary>Attempts per episode before the generator gives up (each rejected attempt went start → goal).</summary>
    public const int MaxAttempts = 1000;

    /// <summary>
    /// The segment of every episode: exact shares by largest remainder (ties in segment order), shuffled with
    /// the seed so any prefix of the dataset keeps roughly the same mix.
    /// </summary>
    public static StitchSegment[] Schedule(StitchDataOptions options, SeededRandom random)
    {
        var weights = options.Weights();
        var total = weights.Sum();
        var n = options.EpisodeCount;
        var counts = new int[weights.Length];
        var remainders = new double[weights.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            var exact = weights[i] / total * n;
            counts[i] = (int)Math.Floor(exact);
            remainders[i] = exact - counts[i];
        }

        var missing = n - counts.Sum();
        foreach (var i in Enumerable.Range(0, weights.Length).OrderByDescending(i => remainders[i]).ThenBy(i => i).Take(missing))
        {
            counts[i]++;
        }

        var schedule = new StitchSegment[n];
        var k = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            for (var j = 0; j < counts[i]; j++)
            {
                schedule[k++] = (StitchSegment)i;
            }
        }

        for (var i = n - 1; i > 0; i--)
        {
            var j = random.NextInt(i + 1);
            (schedule[i], schedule[j]) = (schedule[j], schedule[i]);
        }

        return schedule;
    }

    public static StitchRoom From(StitchSegment segment) => segment == StitchSegment.StartToHub ? StitchRoom.Start : StitchRoom.Hub;

    /// <summary>
    /// Where an episode of <paramref name="segment"/> heads: the goal cell, a uniformly drawn cell of the target room, or for
    /// start → hub a cell of <see cref="StitchGridMap.StartSideHubCells"/>. Drawing start → hub targets from the whole
    /// corridor made those episodes walk past the dead-end junction toward the goal room, so at the junction the logged
    /// "toward the goal" moves reached 65–85 % of the "into the dead end" moves (112–148 against 163–181 on seeds 0–5) and a
    /// cloner's choice there flipped with its initialization (BC reached the goal on seeds 3 and 5).
    /// </summary>
    public static GridCell Target(StitchGridMap map, StitchSegment segment, SeededRandom random)
    {
        if (segment == StitchSegment.StartToHub)
        {
            var near = map.StartSideHubCells;
            return near[random.NextInt(near.Count)];
        }

        var room = segment switch
        {
            StitchSegment.StartToHub => StitchRoom.Hub,
            StitchSegment.HubToDeadEnd => StitchRoom.DeadEnd,
            StitchSegment.HubToStart => StitchRoom.Start,
            _ => StitchRoom.Goal,
        };
        if (room == StitchRoom.Goal)
        {
            return map.Goal;
        }

        var cells = map.CellsIn(room);
        return cells[random.NextInt(cells.Count)];
    }

    public static GridCell Pick(StitchGridMap map, StitchRoom room, SeededRandom random)
    {
        var cells = map.CellsIn(room);
        return cells[random.NextInt(cells.Count)];
    }

    public static string Tag(StitchSegment segment) => segment switch
    {
        StitchSegment.StartToHub => "start-to-hub",
        StitchSegment.HubToGoal => "hub-to-goal",
        StitchSegment.HubToDeadEnd => "hub-to-dead-end",
        _ => "hub-to-start",
    };

    /// <summary>The room an observation of either stitching environment reports (from its one-hot indicators).</summary>
    public static StitchRoom RoomOf(ReadOnlySpan<float> observation)
    {
        for (var i = 0; i < 4; i++)
        {
            if (observation[2 + i] > 0.5f)
            {
                return (StitchRoom)(i + 1);
            }
        }

        return StitchRoom.Wall;
    }

    /// <summary>
    /// Draws the schedule's episodes with <paramref name="run"/>, redrawing any attempt that goes from the start room
    /// to the goal room (up to <see cref="MaxAttempts"/>), then checks the whole dataset.
    /// </summary>
    public static IReadOnlyList<EnvironmentEpisode> Generate(
        StitchDataOptions options, int seed, string environmentId, string remedy, Func<StitchSegment, SeededRandom, EnvironmentEpisode> run)
    {
        var schedule = Schedule(options, new SeededRandom(seed));
        var episodes = new EnvironmentEpisode[schedule.Length];
        for (var i = 0; i < schedule.Length; i++)
        {
            var episodeSeed = SeededRandom.Derive(seed, i);
            for (var attempt = 0; ; attempt++)
            {
                if (attempt == MaxAttempts)
                {
                    throw new InvalidOperationException(
                        $"{environmentId}: episode {i} ({schedule[i]}) went from the start room to the goal in {attempt} attempts; {remedy}.");
                }

                var episode = run(schedule[i], new SeededRandom(SeededRandom.Derive(episodeSeed, attempt)));
                if (!StitchGridDataGenerator.GoesFromStartToGoal(episode))
                {
                    episodes[i] = episode;
                    break;
                }
            }
        }

        StitchGridDataGenerator.EnsureNoStartToGoal(episodes);
        return episodes;
    }
}
