using System.Runtime.Intrinsics.X86;
using System.Text.Json;

namespace OfflineRl.MLNet.Tests.Cli;

/// <summary><c>offlinerl bench --peak</c>, and the training bench's GFLOP/s and fraction of that peak.</summary>
public sealed class BenchPeakCommandTests
{
    [Fact]
    public void Peak_runs_on_the_widest_fma_the_cpu_has()
    {
        var (code, output, error) = CliRunner.Run("bench", "--peak", "--json");
        Assert.True(code == 0, output + error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        var lanes = root.GetProperty("lanes").GetInt32();
        Assert.Equal(Avx512F.IsSupported ? 16 : Fma.IsSupported ? 8 : 4, lanes);
        var runs = root.GetProperty("runs").EnumerateArray().Select(r => r.GetDouble()).ToList();
        Assert.Equal(5, runs.Count);
        Assert.Equal(runs.Max(), root.GetProperty("gflopsPerSecond").GetDouble());
        // Any CPU this runs on does more than a few GFLOP/s on one core and less than a few TFLOP/s.
        Assert.InRange(runs.Max(), 4, 4000);
    }

    [Fact]
    public void Training_bench_reports_gflops_and_their_fraction_of_the_peak()
    {
        var (code, output, error) = CliRunner.Run("bench", "--algo", "bc", "--obs", "4", "--act", "2", "--hidden", "16", "--batch", "32",
            "--steps", "50", "--runs", "1", "--warmup", "0.5", "--rows", "500", "--json");
        Assert.True(code == 0, output + error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        var perStep = root.GetProperty("matrixGflopPerStep").GetDouble();
        var gflops = root.GetProperty("medianGflopsPerSecond").GetDouble();
        var peak = root.GetProperty("corePeakGflopsPerSecond").GetDouble();
        Assert.True(perStep > 0 && gflops > 0 && peak > 0, output);
        Assert.InRange(Math.Abs(gflops / peak - root.GetProperty("fractionOfPeak").GetDouble()), 0, 1e-4 + 0.006 / peak);
        // The JSON rounds GFLOP/s to two decimals and steps/s on its own, so compare within that rounding, not by decimal places.
        var product = perStep * root.GetProperty("medianStepsPerSecond").GetDouble();
        Assert.InRange(Math.Abs(product - gflops), 0, 0.01 + 0.001 * gflops);
    }

    [Fact]
    public void Fqe_bench_reports_a_positive_rate_per_run_and_their_median()
    {
        var (code, output, error) = CliRunner.Run("bench", "--fqe", "--obs", "4", "--act", "2", "--hidden", "16,16", "--batch", "32",
            "--steps", "200", "--runs", "3", "--warmup", "0.5", "--rows", "2000", "--json");
        Assert.True(code == 0, output + error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("fqe", root.GetProperty("algo").GetString());
        var runs = root.GetProperty("runs").EnumerateArray().Select(r => r.GetDouble()).Order().ToList();
        Assert.Equal(3, runs.Count);
        Assert.All(runs, r => Assert.True(r > 0 && double.IsFinite(r), output));
        Assert.Equal(runs[1], root.GetProperty("medianStepsPerSecond").GetDouble());
    }

    [Fact]
    public void Transforms_bench_reports_kernel_time_and_the_first_run_beside_the_median()
    {
        var (code, output, error) = CliRunner.Run("bench", "--transforms", "--rows", "20000", "--runs", "3", "--warmup", "0.5", "--json");
        Assert.True(code == 0, output + error);
        using var json = JsonDocument.Parse(output);
        var rows = json.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(3, rows.Count);
        foreach (var row in rows)
        {
            var median = row.GetProperty("medianSeconds").GetDouble();
            Assert.True(median > 0, output);
            Assert.InRange(row.GetProperty("medianKernelSeconds").GetDouble(), 0, 60);
            Assert.True(row.GetProperty("firstRunSeconds").GetDouble() > 0, output);
            Assert.InRange(row.GetProperty("firstRunKernelSeconds").GetDouble(), 0, 60);
        }
    }
}
