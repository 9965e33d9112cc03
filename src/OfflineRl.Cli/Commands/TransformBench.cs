using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.ML;
using OfflineRl.MLNet;
using OfflineRl.MLNet.Data;
using Spectre.Console;

namespace OfflineRl.Cli.Commands;

/// <summary>One measured transform path: the median wall-clock seconds of Fit + Transform over the synthetic log.</summary>
/// <param name="Path">Which input the pipeline read.</param>
/// <param name="Rows">Transitions in the input.</param>
/// <param name="KeptRows">Rows left after filtering.</param>
/// <param name="MedianSeconds">Median of the timed runs.</param>
/// <param name="Runs">Timed runs.</param>
internal sealed record TransformRow(string Path, int Rows, long KeptRows, double MedianSeconds, int Runs);

/// <summary>
/// <c>offlinerl bench --transforms</c>: returns-to-go followed by top-10 % trajectory filtering, as one ML.NET pipeline
/// (<c>ReturnsToGo().Append(FilterTrajectories(0.1))</c>, <c>Fit</c>, <c>Transform</c>), over a synthetic log of episodes of
/// 1,000 steps. Two inputs: the library's dataset (the <see cref="Microsoft.ML.IDataView"/> the loaders return) and the
/// same data behind an ML.NET transform, which the pipeline must read row by row through a cursor.
/// </summary>
internal static class TransformBench
{
    /// <summary>The library's dataset as the input.</summary>
    public const string DatasetPath = "TrajectoryDataset (loader output)";

    /// <summary>The data behind an ML.NET CopyColumns transform as the input.</summary>
    public const string CursorPath = "ML.NET view (read through a cursor)";

    private const int EpisodeLength = 1_000;

    public static IReadOnlyList<TransformRow> Run(int rows, int runs, double warmupSeconds)
    {
        var data = Synthetic(rows);
        var ml = new MLContext(0);
        var copy = ml.Transforms.CopyColumns("RewardCopy", ColumnNames.Reward).Fit(data);

        // A new view each run: a view once read is remembered, and the point is to time the read.
        return [Measure(DatasetPath, ml, () => data, rows, runs, warmupSeconds), Measure(CursorPath, ml, () => copy.Transform(data), rows, runs, warmupSeconds)];
    }

    public static void Print(CliContext context, IReadOnlyList<TransformRow> rows, bool json)
    {
        if (json)
        {
            context.Output.WriteLine(new JsonObject
            {
                ["mode"] = "transforms",
                ["pipeline"] = "ReturnsToGo(0.99) -> FilterTrajectories(0.1)",
                ["rows"] = new JsonArray(rows.Select(r => (JsonNode?)new JsonObject
                {
                    ["path"] = r.Path,
                    ["transitions"] = r.Rows,
                    ["keptTransitions"] = r.KeptRows,
                    ["medianSeconds"] = Math.Round(r.MedianSeconds, 4),
                    ["runs"] = r.Runs,
                }).ToArray()),
            }.ToJsonString());
            return;
        }

        var table = new Table().Title("offlinerl bench --transforms: returns-to-go + top-10 % filtering, Fit + Transform")
            .AddColumns("Input", "Transitions", "Kept", "Median s", "Runs");
        foreach (var r in rows)
        {
            table.AddRow(Markup.Escape(r.Path), r.Rows.ToString("N0", CultureInfo.InvariantCulture), r.KeptRows.ToString("N0", CultureInfo.InvariantCulture),
                r.MedianSeconds.ToString("0.000", CultureInfo.InvariantCulture), r.Runs.ToString(CultureInfo.InvariantCulture));
        }

        context.Console.Write(table);
    }

    private static TransformRow Measure(string path, MLContext ml, Func<IDataView> makeInput, int rows, int runs, double warmupSeconds)
    {
        var rl = ml.OfflineRL();
        long kept = 0;
        double Once()
        {
            var input = makeInput();
            var clock = Stopwatch.StartNew();
            var pipeline = rl.Transforms.ReturnsToGo(0.99f).Append(rl.Transforms.FilterTrajectories(0.1));
            var output = pipeline.Fit(input).Transform(input);
            kept = output.GetRowCount() ?? -1;
            return clock.Elapsed.TotalSeconds;
        }

        var warm = Stopwatch.StartNew();
        do
        {
            Once();
        }
        while (warm.Elapsed.TotalSeconds < warmupSeconds);

        var times = Enumerable.Range(0, runs).Select(_ => Once()).Order().ToArray();
        return new TransformRow(path, rows, kept, times[times.Length / 2], runs);
    }

    /// <summary>A CartPole-sized log (4 observations, 2 actions) of 1,000-step episodes with random rewards; the last episode may be shorter.</summary>
    private static TrajectoryDataset Synthetic(int rows)
    {
        var random = new Random(1);
        var builder = new TrajectoryDatasetBuilder("synthetic", observationDimension: 4);
        var obs = new float[4];
        for (var r = 0; r < rows; r++)
        {
            for (var i = 0; i < obs.Length; i++)
            {
                obs[i] = (float)random.NextDouble();
            }

            var last = r % EpisodeLength == EpisodeLength - 1 || r == rows - 1;
            builder.AddStep(r / EpisodeLength, obs, random.Next(2), (float)random.NextDouble(), isTerminal: last, isTruncated: false);
        }

        return builder.Build();
    }
}
