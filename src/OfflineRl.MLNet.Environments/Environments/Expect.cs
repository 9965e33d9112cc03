namespace OfflineRl.MLNet.Environments;

/// <summary>Argument checks shared by the controllers.</summary>
internal static class Expect
{
    public static void Observation(string id, ReadOnlySpan<float> observation, int dimension)
    {
        if (observation.Length != dimension)
        {
            throw new ArgumentException($"{id}: an observation has {dimension} values; got {observation.Length}.", nameof(observation));
        }
    }
}
