using System.Globalization;
using Microsoft.ML;
using OfflineRl.MLNet;
using OfflineRl.MLNet.Algorithms.Awr;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Plotting;

namespace OfflineRl.Cli;

/// <summary>
/// The histograms behind <c>offlinerl plot --weights</c>: advantage weights w = min(exp(β·A), MaxWeight) of a dataset for
/// several β (V fitted once to the returns-to-go, so only β changes between panels), or the values of a CSV column.
/// </summary>
public static class WeightHistograms
{
    /// <summary>Smallest weight shown on the log axis, as a fraction of the clip; smaller weights go in the first bar.</summary>
    public const double LowestShownFraction = 1e-6;

    /// <summary>
    /// Fits V(s) to the Monte-Carlo returns-to-go (after observation normalization), then bins the weights for each β.
    /// </summary>
    /// <param name="data">The dataset.</param>
    /// <param name="betas">The inverse temperatures, one panel each.</param>
    /// <param name="options">Value-fit settings (steps, width, rate, discount, seed) and the clip.</param>
    /// <param name="bins">Bins per histogram.</param>
    /// <param name="advantages">Statistics of the advantages A = G − V(s) the weights come from.</param>
    /// <returns>One histogram and one summary per β.</returns>
    public static IReadOnlyList<(float Beta, Histogram Histogram, AdvantageWeightSummary Summary)> FromDataset(
        TrajectoryDataset data, IReadOnlyList<float> betas, AwrOptions options, int bins, out SummaryStatistics advantages)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(betas);
        ArgumentNullException.ThrowIfNull(options);
        if (betas.Count == 0)
        {
            throw new ArgumentException("--beta needs at least one value.", nameof(betas));
        }

        var rl = new MLContext(options.Seed ?? 0).OfflineRL();
        var weighted = (TrajectoryDataset)rl.Transforms.AdvantageWeights(options).Fit(data).Transform(data);
        var a = weighted.GetColumn(ColumnNames.Advantage).ToArray();
        advantages = SummaryStatistics.Of(a.Select(v => (double)v).ToArray());
        var result = new List<(float, Histogram, AdvantageWeightSummary)>();
        var weights = new float[a.Length];
        foreach (var beta in betas)
        {
            AdvantageWeighting.Weights(a, beta, options.Weighting.MaxWeight, weights);
            var name = string.Create(CultureInfo.InvariantCulture, $"β = {beta:0.###}");
            var histogram = Histogram.Create(name, weights.Select(w => (double)w), bins,
                min: options.Weighting.MaxWeight * LowestShownFraction, max: options.Weighting.MaxWeight, logScale: true);
            result.Add((beta, histogram, AdvantageWeightSummary.Of(weights, options.Weighting.MaxWeight)));
        }

        return result;
    }

    /// <summary>Bins the values of <paramref name="column"/> in a CSV file (log scale when every value is positive).</summary>
    /// <exception cref="InvalidDataException">No such column, no rows, or a value that is not a number.</exception>
    public static Histogram FromCsvColumn(string path, string column, int bins)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(column);
        using var reader = new StreamReader(path);
        var header = reader.ReadLine()?.Split(',').Select(h => h.Trim()).ToArray()
            ?? throw new InvalidDataException($"{path}: empty file.");
        var index = Array.FindIndex(header, h => string.Equals(h, column, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            throw new InvalidDataException($"{path}: no column '{column}' in the header '{string.Join(',', header)}'.");
        }

        var values = new List<double>();
        var line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            var cells = text.Split(',');
            if (index >= cells.Length || !double.TryParse(cells[index], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            {
                throw new InvalidDataException($"{path}: line {line}: column '{column}' is not a finite number.");
            }

            values.Add(v);
        }

        if (values.Count == 0)
        {
            throw new InvalidDataException($"{path}: no rows after the header.");
        }

        var log = values.All(v => v > 0);
        return Histogram.Create(column, values, bins, logScale: log);
    }
}
