namespace OfflineRl.MLNet.Environments;

/// <summary>
/// The observation shared by the grid and point-maze versions of the stitching map: position scaled to
/// [−1, 1] (x by the map width, y by its height, continuous coordinates in cell units) followed by four
/// one-hot room indicators (start, hub, dead end, goal).
/// </summary>
internal static class StitchObservation
{
    public const int Dimension = 6;

    public static float[] Encode(StitchGridMap map, double x, double y)
    {
        var room = map.RoomOf(new GridCell((int)Math.Floor(x), (int)Math.Floor(y)));
        var observation = new float[Dimension];
        observation[0] = (float)((2.0 * x / map.Width) - 1.0);
        observation[1] = (float)((2.0 * y / map.Height) - 1.0);
        if (room != StitchRoom.Wall)
        {
            observation[1 + (int)room] = 1f;
        }

        return observation;
    }

    public static (double X, double Y) DecodePosition(StitchGridMap map, ReadOnlySpan<float> observation)
    {
        if (observation.Length != Dimension)
        {
            throw new ArgumentException($"A stitching observation has {Dimension} values; got {observation.Length}.", nameof(observation));
        }

        return ((observation[0] + 1.0) * map.Width / 2.0, (observation[1] + 1.0) * map.Height / 2.0);
    }
}
