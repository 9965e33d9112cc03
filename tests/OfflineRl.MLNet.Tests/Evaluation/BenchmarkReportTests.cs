using System.Xml.Linq;
using OfflineRl.MLNet.Evaluation;

namespace OfflineRl.MLNet.Tests.Evaluation;

public sealed class BenchmarkReportTests
{
    private static EvaluationResult Result(string env, double score, double? success = null) =>
        new(env, 10, 0, score, 0, 100, score, success, [score]);

    private static BenchmarkCell[] Cells() =>
    [
        new("BC", "CartPole-v1-medium-replay", [Result("CartPole-v1", 40), Result("CartPole-v1", 60)], 1.5),
        new("IQL", "CartPole-v1-medium-replay", [Result("CartPole-v1", 90), Result("CartPole-v1", 100)], 2.5),
        new("BC", "StitchGrid-v0-stitch", [Result("StitchGrid-v0", 0, 0), Result("StitchGrid-v0", 0, 0.1)]),
        new("IQL", "StitchGrid-v0-stitch", [Result("StitchGrid-v0", 100, 1), Result("StitchGrid-v0", 100, 0.9)]),
    ];

    [Fact]
    public void Markdown_has_a_row_per_dataset_and_mean_std_cells()
    {
        var md = BenchmarkReport.ToMarkdown(Cells());
        var lines = md.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(4, lines.Length);
        Assert.Equal("| Dataset | Seeds | BC | IQL |", lines[0]);
        Assert.Equal("| CartPole-v1-medium-replay | 2 | 50.0 ± 10.0 | 95.0 ± 5.0 |", lines[2]);
        Assert.Equal("| StitchGrid-v0-stitch | 2 | 5% ± 5% success | 95% ± 5% success |", lines[3]);
    }

    [Fact]
    public void Csv_has_a_header_and_a_line_per_cell()
    {
        var lines = BenchmarkReport.ToCsv(Cells()).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(5, lines.Length);
        Assert.StartsWith("algorithm,dataset,seeds,mean_normalized_score,std_normalized_score", lines[0], StringComparison.Ordinal);
        Assert.Equal("BC,CartPole-v1-medium-replay,2,50,10,,,50,1.5", lines[1]);
        Assert.Equal("IQL,StitchGrid-v0-stitch,2,100,0,0.95,0.05,100,0", lines[4]);
    }

    [Fact]
    public void Svg_is_valid_xml_with_bars_error_bars_labels_and_legend()
    {
        var doc = XDocument.Parse(BenchmarkReport.ToSvg(Cells(), "t & t"));
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", doc.Root!.Name);
        var bars = doc.Descendants(ns + "rect").Where(r => (string?)r.Attribute("class") == "bar").ToArray();
        Assert.Equal(4, bars.Length);
        Assert.True(bars.All(b => double.Parse((string)b.Attribute("height")!, System.Globalization.CultureInfo.InvariantCulture) >= 0));
        Assert.Equal(4, doc.Descendants(ns + "path").Count(p => (string?)p.Attribute("class") == "error"));
        var texts = doc.Descendants(ns + "text").Select(t => t.Value).ToArray();
        Assert.Contains("t & t", texts);
        Assert.Contains("CartPole-v1-medium-replay", texts);
        Assert.Contains("StitchGrid-v0-stitch", texts);
        Assert.Equal(["BC", "IQL"], doc.Descendants(ns + "text").Where(t => (string?)t.Attribute("class") == "legend").Select(t => t.Value));
    }

    [Fact]
    public void Svg_dataset_labels_do_not_overlap_their_neighbours()
    {
        // The five classic names plus StitchGrid under four algorithms: the full benchmark's chart, whose long names overlapped.
        string[] datasets =
        [
            "CartPole-v1-medium-replay", "Acrobot-v1-medium-replay", "MountainCar-v0-medium-replay",
            "MountainCarContinuous-v0-medium-replay", "Pendulum-v1-medium-replay", "StitchGrid-v0-stitch",
        ];
        var cells = (from d in datasets from a in new[] { "BC", "Filtered BC 10%", "AWR", "IQL" }
                     select new BenchmarkCell(a, d, [Result(d[..d.IndexOf("-v", StringComparison.Ordinal)], 50)])).ToArray();
        var doc = XDocument.Parse(BenchmarkReport.ToSvg(cells));
        XNamespace ns = "http://www.w3.org/2000/svg";
        var labels = doc.Descendants(ns + "text").Where(t => datasets.Contains(t.Value)).ToArray();
        Assert.Equal(datasets, labels.Select(t => t.Value));

        // Width estimate: 0.6 em per character (DejaVu Sans' average advance; rsvg-convert's default sans-serif here).
        static double Number(XElement e, string name, double fallback) =>
            e.Attribute(name) is { } a ? double.Parse(a.Value, System.Globalization.CultureInfo.InvariantCulture) : fallback;
        var extents = labels.Select(t =>
        {
            var x = Number(t, "x", 0);
            var size = Number(t, "font-size", 12);
            var lines = t.Elements(ns + "tspan").Select(s => s.Value).DefaultIfEmpty(t.Value);
            var half = lines.Max(l => l.Length) * 0.6 * size / 2;
            return (Left: x - half, Right: x + half);
        }).ToArray();
        for (var i = 1; i < extents.Length; i++)
        {
            Assert.True(extents[i - 1].Right <= extents[i].Left,
                $"'{datasets[i - 1]}' ends at x = {extents[i - 1].Right:0} but '{datasets[i]}' starts at x = {extents[i].Left:0}.");
        }
    }

    [Fact]
    public void Classic_mean_standard_error_is_over_the_per_seed_means()
    {
        // Two classic datasets, three seeds: per-seed means (10+30)/2 = 20, (20+40)/2 = 30, (30+80)/2 = 55;
        // mean 35, sample variance ((−15)² + (−5)² + 20²)/2 = 325, SE = √(325/3) = 10.408.
        BenchmarkCell[] cells =
        [
            new("BC", "CartPole-v1-medium-replay", [Result("CartPole-v1", 10, null), Result("CartPole-v1", 20, null), Result("CartPole-v1", 30, null)]),
            new("BC", "Pendulum-v1-medium-replay", [Result("Pendulum-v1", 30, null), Result("Pendulum-v1", 40, null), Result("Pendulum-v1", 80, null)]),
        ];
        Assert.Equal([20.0, 30.0, 55.0], BenchmarkReport.ClassicMeanPerSeed(cells, "BC"));
        Assert.Equal(Math.Sqrt(325.0 / 3), BenchmarkReport.ClassicMeanStandardError(cells, "BC"), 12);
        var md = BenchmarkReport.ToMarkdown(cells);
        Assert.Contains("| mean of 2 classic | | 35.0 |", md, StringComparison.Ordinal);
        Assert.Contains("| standard error of that mean over seeds | | 10.4 |", md, StringComparison.Ordinal);
        var seedLines = BenchmarkReport.ToSeedCsv(cells).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(7, seedLines.Length);
        Assert.Equal("BC,Pendulum-v1-medium-replay,2,80,,80", seedLines[6]);
    }
}
