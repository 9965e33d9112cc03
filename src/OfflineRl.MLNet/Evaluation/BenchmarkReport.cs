using System.Globalization;
using System.Security;
using System.Text;
using System.Text.RegularExpressions;

namespace OfflineRl.MLNet.Evaluation;

/// <summary>Writes benchmark results as a Markdown table, a CSV file and an SVG grouped bar chart.</summary>
public static class BenchmarkReport
{
    private static readonly Regex VersionBreak = new(@"(?<=-v\d+-)", RegexOptions.CultureInvariant);
    private static readonly string[] Palette = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#9c755f"];

    /// <summary>
    /// A Markdown table with one row per dataset and one column per algorithm: mean ± std normalized score over seeds, or the
    /// success rate for environments with a goal. With more than one classic-control dataset a last row averages their scores.
    /// </summary>
    /// <param name="cells">The results.</param>
    public static string ToMarkdown(IReadOnlyList<BenchmarkCell> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var algorithms = cells.Select(c => c.Algorithm).Distinct().ToArray();
        var datasets = cells.Select(c => c.Dataset).Distinct().ToArray();
        var text = new StringBuilder();
        text.AppendLine("| Dataset | Seeds | " + string.Join(" | ", algorithms) + " |");
        text.AppendLine("|---|---|" + string.Concat(algorithms.Select(_ => "---|")));
        foreach (var dataset in datasets)
        {
            var row = algorithms.Select(a => cells.FirstOrDefault(c => c.Dataset == dataset && c.Algorithm == a)).ToArray();
            var seeds = row.Where(c => c is not null).Max(c => c!.PerSeed.Count);
            text.Append(CultureInfo.InvariantCulture, $"| {dataset} | {seeds} |");
            foreach (var cell in row)
            {
                text.Append(' ').Append(cell is null ? "-" : Format(cell)).Append(" |");
            }

            text.AppendLine();
        }

        var classic = datasets.Where(d => cells.Where(c => c.Dataset == d).All(c => !c.HasSuccess)).ToArray();
        if (classic.Length > 1)
        {
            text.Append(CultureInfo.InvariantCulture, $"| mean of {classic.Length} classic | |");
            foreach (var a in algorithms)
            {
                var scores = cells.Where(c => c.Algorithm == a && classic.Contains(c.Dataset)).Select(c => c.MeanScore).ToArray();
                text.Append(string.Create(CultureInfo.InvariantCulture, $" {(scores.Length == 0 ? double.NaN : scores.Average()):0.0} |"));
            }

            text.AppendLine();
            if (classic.Length > 1 && cells.Where(c => classic.Contains(c.Dataset)).All(c => c.PerSeed.Count > 1 && c.PerSeed.Count == cells[0].PerSeed.Count))
            {
                text.Append(CultureInfo.InvariantCulture, $"| standard error of that mean over seeds | |");
                foreach (var a in algorithms)
                {
                    text.Append(string.Create(CultureInfo.InvariantCulture, $" {ClassicMeanStandardError(cells, a):0.0} |"));
                }

                text.AppendLine();
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// The mean normalized score over the classic-control datasets (those without a goal) of each seed, in seed order: the
    /// per-seed values whose spread <see cref="ClassicMeanStandardError"/> measures.
    /// </summary>
    /// <param name="cells">The results (every classic cell with the same seeds).</param>
    /// <param name="algorithm">The algorithm's name.</param>
    public static double[] ClassicMeanPerSeed(IReadOnlyList<BenchmarkCell> cells, string algorithm)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var mine = cells.Where(c => c.Algorithm == algorithm && !c.HasSuccess).ToArray();
        if (mine.Length == 0)
        {
            return [];
        }

        var seeds = mine.Min(c => c.PerSeed.Count);
        return Enumerable.Range(0, seeds).Select(s => mine.Average(c => c.PerSeed[s].NormalizedScore)).ToArray();
    }

    /// <summary>
    /// The standard error of the classic-control mean score over seeds: the sample standard deviation (n − 1) of
    /// <see cref="ClassicMeanPerSeed"/> divided by √n. NaN with fewer than two seeds.
    /// </summary>
    /// <param name="cells">The results.</param>
    /// <param name="algorithm">The algorithm's name.</param>
    public static double ClassicMeanStandardError(IReadOnlyList<BenchmarkCell> cells, string algorithm)
    {
        var values = ClassicMeanPerSeed(cells, algorithm);
        if (values.Length < 2)
        {
            return double.NaN;
        }

        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1) / values.Length);
    }

    /// <summary>One CSV line per (algorithm, dataset, seed) with a header: normalized score, success (blank without a goal), mean return.</summary>
    /// <param name="cells">The results.</param>
    public static string ToSeedCsv(IReadOnlyList<BenchmarkCell> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var text = new StringBuilder();
        text.AppendLine("algorithm,dataset,seed_index,normalized_score,success,mean_return");
        foreach (var c in cells)
        {
            for (var s = 0; s < c.PerSeed.Count; s++)
            {
                var r = c.PerSeed[s];
                text.AppendLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{Csv(c.Algorithm)},{Csv(c.Dataset)},{s},{r.NormalizedScore:0.###},{r.SuccessRate:0.###},{r.MeanReturn:0.###}"));
            }
        }

        return text.ToString();
    }

    /// <summary>One CSV line per (algorithm, dataset) with a header; invariant culture, '.' decimals.</summary>
    /// <param name="cells">The results.</param>
    public static string ToCsv(IReadOnlyList<BenchmarkCell> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var text = new StringBuilder();
        text.AppendLine("algorithm,dataset,seeds,mean_normalized_score,std_normalized_score,mean_success,std_success,mean_return,train_seconds");
        foreach (var c in cells)
        {
            text.AppendLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{Csv(c.Algorithm)},{Csv(c.Dataset)},{c.PerSeed.Count},{c.MeanScore:0.###},{c.StdScore:0.###},{c.MeanSuccess:0.###},{c.StdSuccess:0.###},{c.MeanReturn:0.###},{c.TrainSeconds:0.##}"));
        }

        return text.ToString();
    }

    /// <summary>
    /// An SVG grouped bar chart: one group per dataset, one bar per algorithm (height = <see cref="BenchmarkCell.Headline"/>,
    /// error bar = ± <see cref="BenchmarkCell.HeadlineStd"/>), a y axis with grid lines, dataset labels and a legend.
    /// </summary>
    /// <param name="cells">The results.</param>
    /// <param name="title">The chart title.</param>
    public static string ToSvg(IReadOnlyList<BenchmarkCell> cells, string title = "Offline RL benchmark")
    {
        ArgumentNullException.ThrowIfNull(cells);
        var algorithms = cells.Select(c => c.Algorithm).Distinct().ToArray();
        var datasets = cells.Select(c => c.Dataset).Distinct().ToArray();
        const double left = 70, right = 20, top = 50, plotHeight = 320;
        // Groups widen (up to a cap) so the longest unbroken part of a dataset label fits under its own group.
        var longestPart = datasets.SelectMany(d => VersionBreak.Split(d)).Select(p => p.Length).DefaultIfEmpty(0).Max();
        var groupWidth = Math.Max(Math.Max(120, 30.0 * algorithms.Length + 40), Math.Min(MaxGroupWidth, (longestPart * LabelFontSize * CharacterWidthEm) + LabelGap));
        var plotWidth = groupWidth * Math.Max(1, datasets.Length);
        var width = left + plotWidth + right;

        // Dataset labels wrap at hyphens to fit under their own group (long names overlapped their neighbours when set on one line).
        var labels = datasets.Select(d => AxisLabel(d, groupWidth - LabelGap)).ToArray();
        var labelLines = labels.Length == 0 ? 1 : labels.Max(l => l.Lines.Count);
        var legendTop = top + plotHeight + 18 + (LabelLineHeight * labelLines) + 22;
        var height = legendTop + 25;

        var hi = Math.Max(100, cells.Count == 0 ? 100 : cells.Max(c => Finite(c.Headline) + Finite(c.HeadlineStd)));
        var lo = Math.Min(0, cells.Count == 0 ? 0 : cells.Min(c => Finite(c.Headline) - Finite(c.HeadlineStd)));
        var tick = NiceStep((hi - lo) / 6);
        var yMin = Math.Floor(lo / tick) * tick;
        var yMax = Math.Ceiling(hi / tick) * tick;
        double Y(double v) => top + plotHeight * (yMax - v) / (yMax - yMin);

        var svg = new StringBuilder();
        svg.AppendLine(F($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:0}\" height=\"{height:0}\" viewBox=\"0 0 {width:0} {height:0}\" font-family=\"sans-serif\" font-size=\"12\">"));
        svg.AppendLine(F($"<rect x=\"0\" y=\"0\" width=\"{width:0}\" height=\"{height:0}\" fill=\"white\"/>"));
        svg.AppendLine(F($"<text x=\"{width / 2:0.#}\" y=\"25\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\">{Esc(title)}</text>"));
        for (var v = yMin; v <= yMax + tick / 2; v += tick)
        {
            svg.AppendLine(F($"<line x1=\"{left:0.#}\" y1=\"{Y(v):0.#}\" x2=\"{left + plotWidth:0.#}\" y2=\"{Y(v):0.#}\" stroke=\"#dddddd\"/>"));
            svg.AppendLine(F($"<text x=\"{left - 6:0.#}\" y=\"{Y(v) + 4:0.#}\" text-anchor=\"end\">{v:0.##}</text>"));
        }

        svg.AppendLine(F($"<text x=\"18\" y=\"{top + plotHeight / 2:0.#}\" text-anchor=\"middle\" transform=\"rotate(-90 18 {top + plotHeight / 2:0.#})\">normalized score (success % for goal tasks)</text>"));
        var barWidth = (groupWidth - 40) / Math.Max(1, algorithms.Length);
        for (var d = 0; d < datasets.Length; d++)
        {
            var x0 = left + (d * groupWidth) + 20;
            for (var a = 0; a < algorithms.Length; a++)
            {
                var cell = cells.FirstOrDefault(c => c.Dataset == datasets[d] && c.Algorithm == algorithms[a]);
                if (cell is null || !double.IsFinite(cell.Headline))
                {
                    continue;
                }

                var x = x0 + (a * barWidth);
                var y1 = Y(Math.Max(0, cell.Headline));
                var y2 = Y(Math.Min(0, cell.Headline));
                svg.AppendLine(F($"<rect class=\"bar\" x=\"{x + 1:0.#}\" y=\"{y1:0.#}\" width=\"{barWidth - 2:0.#}\" height=\"{Math.Max(0, y2 - y1):0.#}\" fill=\"{Palette[a % Palette.Length]}\"><title>{Esc(cell.Algorithm)} on {Esc(cell.Dataset)}: {cell.Headline:0.0} ± {cell.HeadlineStd:0.0}</title></rect>"));
                var std = Finite(cell.HeadlineStd);
                if (std > 0)
                {
                    var cx = x + (barWidth / 2);
                    var ya = Y(cell.Headline + std);
                    var yb = Y(cell.Headline - std);
                    svg.AppendLine(F($"<path class=\"error\" d=\"M{cx - 4:0.#},{ya:0.#} H{cx + 4:0.#} M{cx:0.#},{ya:0.#} V{yb:0.#} M{cx - 4:0.#},{yb:0.#} H{cx + 4:0.#}\" stroke=\"black\" stroke-width=\"1.2\" fill=\"none\"/>"));
                }
            }

            var label = labels[d];
            var cx0 = x0 + ((groupWidth - 40) / 2);
            svg.Append(F($"<text class=\"dataset\" x=\"{cx0:0.#}\" y=\"{top + plotHeight + 18:0.#}\" text-anchor=\"middle\" font-size=\"{label.FontSize:0.#}\">"));
            for (var i = 0; i < label.Lines.Count; i++)
            {
                svg.Append(F($"<tspan x=\"{cx0:0.#}\" dy=\"{(i == 0 ? 0 : LabelLineHeight):0.#}\">{Esc(label.Lines[i])}</tspan>"));
            }

            svg.AppendLine("</text>");
        }

        svg.AppendLine(F($"<line x1=\"{left:0.#}\" y1=\"{top:0.#}\" x2=\"{left:0.#}\" y2=\"{top + plotHeight:0.#}\" stroke=\"black\"/>"));
        svg.AppendLine(F($"<line x1=\"{left:0.#}\" y1=\"{Y(0):0.#}\" x2=\"{left + plotWidth:0.#}\" y2=\"{Y(0):0.#}\" stroke=\"black\"/>"));
        var lx = left;
        for (var a = 0; a < algorithms.Length; a++)
        {
            svg.AppendLine(F($"<rect x=\"{lx:0.#}\" y=\"{legendTop - 10:0.#}\" width=\"12\" height=\"12\" fill=\"{Palette[a % Palette.Length]}\"/>"));
            svg.AppendLine(F($"<text class=\"legend\" x=\"{lx + 16:0.#}\" y=\"{legendTop:0.#}\">{Esc(algorithms[a])}</text>"));
            lx += 30 + (7.5 * algorithms[a].Length);
        }

        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    /// <summary>Estimated advance of one character in em (sans-serif at worst; DejaVu Sans averages about 0.6).</summary>
    internal const double CharacterWidthEm = 0.62;

    /// <summary>Font size of the chart's labels (px).</summary>
    internal const double LabelFontSize = 12;

    /// <summary>Horizontal space kept free between neighbouring dataset labels (px).</summary>
    internal const double LabelGap = 8;

    private const double LabelLineHeight = 14;

    private const double MaxGroupWidth = 240;

    /// <summary>
    /// Splits a dataset name into lines so that every line fits <paramref name="maxWidth"/> at <see cref="LabelFontSize"/>:
    /// after the environment's version (<c>CartPole-v1-</c> / <c>medium-replay</c>), and at further hyphens only where a
    /// part is still too long (each hyphen stays at the end of its line, so the lines concatenate to the name). A single part
    /// that is still too wide shrinks the font.
    /// </summary>
    internal static (IReadOnlyList<string> Lines, double FontSize) AxisLabel(string name, double maxWidth)
    {
        var maxChars = Math.Max(1, (int)Math.Floor(maxWidth / (LabelFontSize * CharacterWidthEm)));
        var lines = new List<string>();
        foreach (var segment in VersionBreak.Split(name).Where(x => x.Length > 0))
        {
            var parts = segment.Split('-');
            var line = new StringBuilder();
            for (var i = 0; i < parts.Length; i++)
            {
                var part = i < parts.Length - 1 ? parts[i] + "-" : parts[i];
                if (line.Length > 0 && line.Length + part.Length > maxChars)
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

        if (lines.Count == 0)
        {
            lines.Add(string.Empty);
        }

        var longest = lines.Max(l => l.Length);
        var fontSize = longest <= maxChars ? LabelFontSize : LabelFontSize * maxChars / longest;
        return (lines, fontSize);
    }

    private static string Format(BenchmarkCell cell) => cell.MeanSuccess is { } s
        ? string.Create(CultureInfo.InvariantCulture, $"{100 * s:0.#}% ± {100 * cell.StdSuccess!.Value:0.#}% success")
        : string.Create(CultureInfo.InvariantCulture, $"{cell.MeanScore:0.0} ± {cell.StdScore:0.0}");

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static string Esc(string s) => SecurityElement.Escape(s);

    private static string Csv(string s) => s.Contains(',', StringComparison.Ordinal) || s.Contains('"', StringComparison.Ordinal) ? $"\"{s.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : s;

    private static double Finite(double v) => double.IsFinite(v) ? v : 0;

    private static double NiceStep(double raw)
    {
        if (!(raw > 0))
        {
            return 10;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var f = raw / magnitude;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * magnitude;
    }
}
