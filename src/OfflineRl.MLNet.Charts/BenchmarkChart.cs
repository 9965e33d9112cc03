using System.Text;
using System.Text.RegularExpressions;
using OfflineRl.MLNet.Evaluation;
using ScottPlot;

namespace OfflineRl.MLNet.Charts;

/// <summary>
/// The benchmark's grouped bar chart: one group per dataset, one bar per algorithm (height <see cref="BenchmarkCell.Headline"/>,
/// error bar ± <see cref="BenchmarkCell.HeadlineStd"/> over seeds), a legend of the algorithms and dataset names that wrap
/// at hyphens to fit under their own group.
/// </summary>
public static class BenchmarkChart
{
    /// <summary>The y-axis label.</summary>
    public const string YLabel = "normalized score (success % for goal tasks)";

    /// <summary>The y-axis label of <see cref="CreateAggregate"/>.</summary>
    public const string AggregateYLabel = "IQM over all runs, 95 % bootstrap interval";

    /// <summary>The x-axis label of <see cref="CreateProfile"/>.</summary>
    public const string ProfileXLabel = "τ (normalized score, or success %)";

    /// <summary>The y-axis label of <see cref="CreateProfile"/>.</summary>
    public const string ProfileYLabel = "fraction of runs with score > τ";

    /// <summary>Font size of the dataset labels (px).</summary>
    internal const float LabelFontSize = 13;

    /// <summary>Horizontal space kept free between neighbouring dataset labels (px).</summary>
    internal const float LabelGap = 10;

    private const float MaxGroupWidth = 240;
    private const int Height = 540;
    private const int AggregateHeight = 420;
    private const int ProfileWidth = 720;
    private static readonly Regex VersionBreak = new(@"(?<=-v\d+-)", RegexOptions.CultureInvariant);

    /// <summary>Draws <paramref name="cells"/>.</summary>
    /// <param name="cells">The results (datasets and algorithms in the order they first appear).</param>
    /// <param name="title">The chart title.</param>
    public static Chart Create(IReadOnlyList<BenchmarkCell> cells, string title = "Offline RL benchmark")
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(title);
        var algorithms = cells.Select(c => c.Algorithm).Distinct().ToArray();
        var datasets = cells.Select(c => c.Dataset).Distinct().ToArray();

        // Groups widen (up to a cap) so the longest unbroken part of a dataset name fits under its own group.
        var longestPart = datasets.SelectMany(d => VersionBreak.Split(d)).Select(LabelWidth).DefaultIfEmpty(0).Max();
        var groupWidth = Math.Max(Math.Max(120, (28 * algorithms.Length) + 40), Math.Min(MaxGroupWidth, longestPart + LabelGap));
        var labels = datasets.Select(d => string.Join('\n', LabelLines(d, groupWidth - LabelGap))).ToArray();
        var lines = labels.Length == 0 ? 1 : labels.Max(l => l.Count(c => c == '\n') + 1);
        var width = (int)Math.Ceiling(110 + (groupWidth * Math.Max(1, datasets.Length)) + 30);

        var plot = new Plot();
        plot.Font.Set(ChartStyle.FontName);
        plot.Title(title, size: 16);
        plot.YLabel(YLabel, size: 13);
        var slot = algorithms.Length + 1; // one bar's width of space between groups
        for (var a = 0; a < algorithms.Length; a++)
        {
            var bars = new List<Bar>();
            for (var d = 0; d < datasets.Length; d++)
            {
                var cell = cells.FirstOrDefault(c => c.Dataset == datasets[d] && c.Algorithm == algorithms[a]);
                if (cell is null || !double.IsFinite(cell.Headline))
                {
                    continue;
                }

                var std = double.IsFinite(cell.HeadlineStd) ? cell.HeadlineStd : 0;
                bars.Add(new Bar
                {
                    Position = (d * slot) + a,
                    Value = cell.Headline,
                    Error = std,
                    Size = 0.9,
                    FillColor = ChartStyle.Color(a),
                    LineWidth = 1.2f, // outline and error bar alike
                    LineColor = Colors.Black,
                    ErrorSize = 0.35,
                });
            }

            var series = plot.Add.Bars(bars);
            series.LegendText = algorithms[a];
            series.Color = ChartStyle.Color(a);
        }

        var zero = plot.Add.HorizontalLine(0, width: 1, color: Colors.Black);
        zero.LinePattern = LinePattern.Solid;
        var hi = Math.Max(100, cells.Select(c => Finite(c.Headline) + Finite(c.HeadlineStd)).DefaultIfEmpty(100).Max());
        var lo = Math.Min(0, cells.Select(c => Finite(c.Headline) - Finite(c.HeadlineStd)).DefaultIfEmpty(0).Min());
        var pad = 0.04 * (hi - lo);
        plot.Axes.SetLimits(-0.8, ((Math.Max(1, datasets.Length) - 1) * slot) + algorithms.Length - 0.2, lo - pad, hi + pad);
        ChartStyle.LinearLabels(plot.Axes.Left);
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (var d = 0; d < datasets.Length; d++)
        {
            ticks.AddMajor((d * slot) + ((algorithms.Length - 1) / 2.0), labels[d]);
        }

        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.Bottom.TickLabelStyle.FontSize = LabelFontSize;
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;
        var legend = plot.ShowLegend(Edge.Bottom);
        legend.Legend.FontName = ChartStyle.FontName;
        legend.Legend.FontSize = 13;
        legend.Legend.Orientation = Orientation.Horizontal;
        var figure = new Multiplot(plot);
        return new Chart(figure, width, Height + (16 * (lines - 1)), title);
    }

    /// <summary>
    /// The aggregate chart (rliable's interval plot, upright): per algorithm, a bar spanning the 95 % stratified-bootstrap
    /// interval of its interquartile mean over every (dataset, seed) run, a black line across it at the IQM, in the grouped
    /// chart's colors and order.
    /// </summary>
    /// <param name="aggregates">Each algorithm's IQM and interval (<see cref="BenchmarkReport.Aggregate"/>).</param>
    /// <param name="title">The chart title.</param>
    public static Chart CreateAggregate(IReadOnlyList<BenchmarkAggregate> aggregates, string title = "Offline RL benchmark: interquartile mean")
    {
        ArgumentNullException.ThrowIfNull(aggregates);
        ArgumentNullException.ThrowIfNull(title);
        var slotWidth = Math.Max(110, aggregates.Select(a => LabelWidth(a.Algorithm)).DefaultIfEmpty(0).Max() + LabelGap);
        var width = (int)Math.Ceiling(110 + (slotWidth * Math.Max(1, aggregates.Count)) + 30);
        var plot = new Plot();
        plot.Font.Set(ChartStyle.FontName);
        plot.Title(title, size: 16);
        plot.YLabel(AggregateYLabel, size: 13);
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (var a = 0; a < aggregates.Count; a++)
        {
            var iqm = aggregates[a].InterquartileMean;
            var bar = plot.Add.Bar(new Bar
            {
                Position = a,
                ValueBase = iqm.Lower,
                Value = iqm.Upper,
                Size = 0.6,
                FillColor = ChartStyle.Color(a),
                LineWidth = 1.2f,
                LineColor = Colors.Black,
            });
            bar.LegendText = aggregates[a].Algorithm;
            var line = plot.Add.Line(a - 0.3, iqm.Value, a + 0.3, iqm.Value);
            line.LineWidth = 3;
            line.LineColor = Colors.Black;
            ticks.AddMajor(a, aggregates[a].Algorithm);
        }

        var hi = Math.Max(100, aggregates.Select(a => a.InterquartileMean.Upper).Where(double.IsFinite).DefaultIfEmpty(100).Max());
        var lo = Math.Min(0, aggregates.Select(a => a.InterquartileMean.Lower).Where(double.IsFinite).DefaultIfEmpty(0).Min());
        var pad = 0.04 * (hi - lo);
        plot.Axes.SetLimits(-0.6, Math.Max(1, aggregates.Count) - 0.4, lo - pad, hi + pad);
        ChartStyle.LinearLabels(plot.Axes.Left);
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.Bottom.TickLabelStyle.FontSize = LabelFontSize;
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;
        plot.HideLegend(); // the tick labels name the algorithms
        return new Chart(new Multiplot(plot), width, AggregateHeight, title);
    }

    /// <summary>
    /// The performance-profile chart (rliable's score distribution): per algorithm, a step line of the fraction of its runs
    /// scoring above τ against τ, in the grouped chart's colors and order.
    /// </summary>
    /// <param name="profiles">Each algorithm's profile (<see cref="BenchmarkReport.Profiles"/>).</param>
    /// <param name="title">The chart title.</param>
    public static Chart CreateProfile(IReadOnlyList<BenchmarkProfile> profiles, string title = "Offline RL benchmark: performance profile")
    {
        ArgumentNullException.ThrowIfNull(profiles);
        ArgumentNullException.ThrowIfNull(title);
        var plot = new Plot();
        plot.Font.Set(ChartStyle.FontName);
        plot.Title(title, size: 16);
        plot.XLabel(ProfileXLabel, size: 13);
        plot.YLabel(ProfileYLabel, size: 13);
        for (var a = 0; a < profiles.Count; a++)
        {
            var line = plot.Add.Scatter(profiles[a].Thresholds.ToArray(), profiles[a].Fractions.ToArray(), ChartStyle.Color(a));
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.MarkerSize = 0;
            line.LineWidth = 2.5f;
            line.LegendText = profiles[a].Algorithm;
        }

        var taus = profiles.SelectMany(p => p.Thresholds).DefaultIfEmpty(0).ToArray();
        plot.Axes.SetLimits(taus.Min(), Math.Max(taus.Max(), taus.Min() + 1), -0.03, 1.03);
        ChartStyle.LinearLabels(plot.Axes.Left);
        ChartStyle.LinearLabels(plot.Axes.Bottom);
        var legend = plot.ShowLegend(Edge.Bottom);
        legend.Legend.FontName = ChartStyle.FontName;
        legend.Legend.FontSize = 13;
        legend.Legend.Orientation = Orientation.Horizontal;
        return new Chart(new Multiplot(plot), ProfileWidth, AggregateHeight + 40, title);
    }

    /// <summary>The width in pixels of <paramref name="text"/> in the dataset labels' font.</summary>
    internal static float LabelWidth(string text)
    {
        var style = new LabelStyle { FontName = ChartStyle.FontName, FontSize = LabelFontSize };
        using var paint = Paint.NewDisposablePaint();
        return style.Measure(text, paint).Width;
    }

    /// <summary>
    /// Splits a dataset name into lines no wider than <paramref name="maxWidth"/> pixels: after the environment's version
    /// (<c>CartPole-v1-</c> / <c>medium-replay</c>), and at further hyphens only where a line is still too wide (each hyphen
    /// stays at the end of its line, so the lines concatenate to the name).
    /// </summary>
    internal static IReadOnlyList<string> LabelLines(string name, double maxWidth)
    {
        var lines = new List<string>();
        foreach (var segment in VersionBreak.Split(name).Where(x => x.Length > 0))
        {
            var parts = segment.Split('-');
            var line = new StringBuilder();
            for (var i = 0; i < parts.Length; i++)
            {
                var part = i < parts.Length - 1 ? parts[i] + "-" : parts[i];
                if (line.Length > 0 && LabelWidth(line + part) > maxWidth)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                }

                line.Append(part);
            }

            if (line.Length > 0)
            {
                lines.Add(line.ToString());
            }
        }

        return lines.Count == 0 ? [string.Empty] : lines;
    }

    private static double Finite(double v) => double.IsFinite(v) ? v : 0;
}
