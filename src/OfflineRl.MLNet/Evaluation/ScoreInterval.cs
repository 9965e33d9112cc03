using System.Globalization;

namespace OfflineRl.MLNet.Evaluation;

/// <summary>A statistic of benchmark scores with its stratified-bootstrap percentile interval (<see cref="ScoreStatistics"/>).</summary>
public sealed class ScoreInterval
{
    /// <summary>The statistic on the scores themselves.</summary>
    public required double Value { get; init; }

    /// <summary>Lower end of the interval.</summary>
    public required double Lower { get; init; }

    /// <summary>Upper end of the interval.</summary>
    public required double Upper { get; init; }

    /// <summary>The value with its interval, e.g. <c>52.3 [47.1, 58.0]</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Value:0.###} [{Lower:0.###}, {Upper:0.###}]");
}
