namespace OfflineRl.Cli.Commands;

/// <summary>The median of a bench's timed runs (the upper middle one for an even count), as every bench table reports it.</summary>
internal static class RunMedian
{
    public static double Of(IEnumerable<double> runs)
    {
        var sorted = runs.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
