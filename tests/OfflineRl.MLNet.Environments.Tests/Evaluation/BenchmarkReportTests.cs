using OfflineRl.MLNet.Evaluation;
using OfflineRl.MLNet.Trainers;

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
    public void Seed_csv_reads_back_into_the_same_cells()
    {
        var cells = BenchmarkReport.FromSeedCsv(BenchmarkReport.ToSeedCsv(Cells()));
        Assert.Equal(Cells().Select(c => (c.Algorithm, c.Dataset)), cells.Select(c => (c.Algorithm, c.Dataset)));
        Assert.Equal(Cells().Select(c => (c.Headline, c.HeadlineStd, c.MeanReturn)), cells.Select(c => (c.Headline, c.HeadlineStd, c.MeanReturn)));
        Assert.Equal(BenchmarkReport.ToMarkdown(Cells()), BenchmarkReport.ToMarkdown(cells));
        Assert.Equal([0, 1], cells[0].PerSeed.Select(r => r.Seed));
    }

    [Fact]
    public void Seed_csv_reader_reads_quoted_names_and_refuses_other_files()
    {
        var cells = BenchmarkReport.FromSeedCsv("algorithm,dataset,seed_index,normalized_score,success,mean_return\n\"A, tuned\",\"D\",0,12.5,0.5,3\n");
        Assert.Equal(("A, tuned", "D", 50.0), (cells[0].Algorithm, cells[0].Dataset, cells[0].Headline));
        Assert.Throws<InvalidDataException>(() => BenchmarkReport.FromSeedCsv("algorithm,dataset,seeds\nBC,D,1\n"));
        var error = Assert.Throws<InvalidDataException>(() => BenchmarkReport.FromSeedCsv("algorithm,dataset,seed_index,normalized_score,success,mean_return\nBC,D,0,high,,3\n"));
        Assert.Contains("Line 2", error.Message, StringComparison.Ordinal);
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
