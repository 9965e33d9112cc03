using OfflineRl.MLNet.Evaluation;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Tests.Evaluation;

/// <summary>The benchmark's resumable log: what it reads back, and a line cut by a killed run.</summary>
public sealed class BenchmarkResultsLogTests
{
    private static EvaluationResult Result(double score, double? success) =>
        new("x", 2, 1000, 12.5, 0.5, 100, score, success, [12.0, 13.0]);

    [Fact]
    public void Rows_read_back_exactly_and_a_cut_last_line_is_dropped_so_its_job_runs_again()
    {
        var path = TestData.TempFile(".csv");
        try
        {
            var log = new BenchmarkResultsLog(path);
            log.Append("Hopper-v4-medium", "IQL", 0, "k1", Result(1.0 / 3, null), 12.3456);
            log.Append("StitchGrid-v0-stitch", "Filtered BC, 10%", 1, "k1", Result(55, 0.25), 1);
            File.AppendAllText(path, "Hopper-v4-medium,BC,2,k1,2,40.1,,12");

            var back = new BenchmarkResultsLog(path);
            var (first, seconds) = back.Find("Hopper-v4-medium", "IQL", 0, "k1")!.Value;
            Assert.Equal(1.0 / 3, first.NormalizedScore);
            Assert.Null(first.SuccessRate);
            Assert.Equal([12.0, 13.0], first.Returns);
            Assert.Equal(12.346, seconds);
            Assert.Equal(0.25, back.Find("StitchGrid-v0-stitch", "Filtered BC, 10%", 1, "k1")!.Value.Result.SuccessRate);
            Assert.Null(back.Find("Hopper-v4-medium", "BC", 2, "k1"));
            Assert.Null(back.Find("Hopper-v4-medium", "IQL", 0, "k2"));
            Assert.EndsWith("\n", File.ReadAllText(path), StringComparison.Ordinal);

            back.Append("Hopper-v4-medium", "BC", 2, "k1", Result(40, null), 3);
            Assert.Equal(40, new BenchmarkResultsLog(path).Find("Hopper-v4-medium", "BC", 2, "k1")!.Value.Result.NormalizedScore);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Another_file_or_a_broken_row_is_refused()
    {
        var path = TestData.TempFile(".csv");
        try
        {
            File.WriteAllText(path, "algorithm,dataset,seed_index,normalized_score,success,mean_return\n");
            var other = Assert.Throws<InvalidDataException>(() => new BenchmarkResultsLog(path));
            Assert.Contains("is not a benchmark results log", other.Message, StringComparison.Ordinal);

            File.Delete(path);
            new BenchmarkResultsLog(path).Append("d", "a", 0, "k", Result(1, null), 1);
            File.AppendAllText(path, "d,a,1,k,not a row\nd,a,2,k,2,1,,1,1,1,1,1;2\n");
            var broken = Assert.Throws<InvalidDataException>(() => new BenchmarkResultsLog(path));
            Assert.Contains("line 3", broken.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
