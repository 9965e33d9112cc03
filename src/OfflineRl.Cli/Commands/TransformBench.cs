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
/// <param name="MedianKernelSeconds">Median of the process's kernel CPU time during a run: mostly faulting in memory it had not touched.</param>
/// <param name="FirstSeconds">The path's first run in the process (JIT and memory never touched before included).</param>
/// <param name="FirstKernelSeconds">Kernel CPU time of that first run.</param>
/// <param name="Runs">Timed runs.</param>
internal sealed record TransformRow(string Path, int Rows, long KeptRows, double MedianSeconds, double MedianKernelSeconds, double FirstSeconds, double FirstKernelSeconds, int Runs);

/// <summary>
/// <c>offlinerl bench --transforms</c>, over a synthetic log of 1,000-step episodes: reading an ML.NET view into a training
/// dataset (<c>Data.LoadFromDataView</c>), and returns-to-go followed by top-10 % trajectory filtering as one ML.NET
/// pipeline (<c>ReturnsToGo().Append(FilterTrajectories(0.1))</c>, <c>Fit</c>, <c>Transform</c>) on two inputs: the library's
/// dataset (the <see cref="Microsoft.ML.IDataView"/> the loaders return) and the same data behind an ML.NET transform, which
/// must be read row by row through a cursor.
/// </summary>
internal static class TransformBench
{
    /// <summary>An ML.NET view read into a training dataset, nothing else.</summary>
    public const string ReadPath = "ML.NET view → training dataset (LoadFromDataView)";

    /// <summary>The library's dataset as the input.</summary>
    public const string DatasetPath = "TrajectoryDataset (loader output)";

    /// <summary>The data behind an ML.NET CopyColumns transform as the input.</summary>
    public const string CursorPath = "ML.NET view (read through a cursor)";

    public static IReadOnlyList<TransformRow> Run(TrajectoryDataset data, int runs, double warmupSeconds)
    {
        var ml = new MLContext(0);
        var rl = ml.OfflineRL();
        var copy = ml.Transforms.CopyColumns("RewardCopy", ColumnNames.Reward).Fit(data);
        var rows = data.Count;
        IDataView Filtered(IDataView input) =>
            rl.Transforms.ReturnsToGo(0.99f).Append(rl.Transforms.FilterTrajectories(0.1)).Fit(input).Transform(input);

        // A new view each run: a view once read is remembered, and the point is to time the read.
        return
        [
            Measure(ReadPath, () => copy.Transform(data), view => rl.Data.LoadFromDataView(view), rows, runs, warmupSeconds),
            Measure(DatasetPath, () => data, Filtered, rows, runs, warmupSeconds),
            Measure(CursorPath, () => copy.Transform(data), Filtered, rows, runs, warmupSeconds),
        ];
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
                    ["medianKernelSeconds"] = Math.Round(r.MedianKernelSeconds, 4),
                    ["firstRunSeconds"] = Math.Round(r.FirstSeconds, 4),
                    ["firstRunKernelSeconds"] = Math.Round(r.FirstKernelSeconds, 4),
                    ["runs"] = r.Runs,
                }).ToArray()),
            }.ToJsonString());
            return;
        }

        var table = new Table().Title("offlinerl bench --transforms: returns-to-go + top-10 % filtering, Fit + Transform")
            .AddColumns("Input", "Transitions", "Kept", "Median s", "of which kernel s", "First run s (kernel)", "Runs");
        foreach (var r in rows)
        {
            table.AddRow(Markup.Escape(r.Path), r.Rows.ToString("N0", CultureInfo.InvariantCulture), r.KeptRows.ToString("N0", CultureInfo.InvariantCulture),
                r.MedianSeconds.ToString("0.000", CultureInfo.InvariantCulture), r.MedianKernelSeconds.ToString("0.000", CultureInfo.InvariantCulture),
                $"{r.FirstSeconds.ToString("0.000", CultureInfo.InvariantCulture)} ({r.FirstKernelSeconds.ToString("0.000", CultureInfo.InvariantCulture)})", r.Runs.ToString(CultureInfo.InvariantCulture));
        }

        context.Console.Write(table);
    }

    private static TransformRow Measure(string path, Func<IDataView> makeInput, Func<IDataView, IDataView> work, int rows, int runs, double warmupSeconds)
    {
        long kept = 0;
        var process = Process.GetCurrentProcess();
        (double Wall, double Kernel) Once()
        {
            // Every run starts from the same heap: the previous run's output is collected, so a run reuses memory the
            // process already faulted in instead of asking the system for fresh pages (whose first touch is the kernel time).
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var input = makeInput();
            process.Refresh();
            var kernel = process.PrivilegedProcessorTime;
            var clock = Stopwatch.StartNew();
            kept = work(input).GetRowCount() ?? -1;
            var wall = clock.Elapsed.TotalSeconds;
            process.Refresh();
            return (wall, (process.PrivilegedProcessorTime - kernel).TotalSeconds);
        }

        var warm = Stopwatch.StartNew();
        var first = Once();
        while (warm.Elapsed.TotalSeconds < warmupSeconds)
        {
            Once();
        }

        var measured = Enumerable.Range(0, runs).Select(_ => Once()).ToArray();
        return new TransformRow(path, rows, kept, RunMedian.Of(measured.Select(m => m.Wall)), RunMedian.Of(measured.Select(m => m.Kernel)), first.Wall, first.Kernel, runs);
    }
}
