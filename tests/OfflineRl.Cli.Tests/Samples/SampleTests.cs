using OfflineRl.Samples.DiscreteIqlTreatment;
using OfflineRl.Samples.OnnxFromAnotherProcess;
using OfflineRl.Samples.Stitching;

namespace OfflineRl.MLNet.Tests.Samples;

/// <summary>Runs every sample in-process and checks what it printed and returned.</summary>
[Trait(Tier.Name, Tier.Slow)]
public sealed class SampleTests
{
    private static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "offlinerl-sample-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    [Fact]
    public void QuickStart_trains_scores_saves_reloads_exports_and_all_agree()
    {
        var output = new StringWriter();
        var result = OfflineRl.Samples.QuickStart.Program.Run([TempDir()], output);
        Assert.True(File.Exists(result.ModelPath));
        Assert.Equal(64, result.ReloadedAgreement);
        Assert.Contains("64/64 reloaded actions agree", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("PredictionEngine: action", output.ToString(), StringComparison.Ordinal);
        Assert.True(File.Exists(result.OnnxPath));
        Assert.True(result.MaxOnnxDifference <= 1e-5, $"ONNX difference {result.MaxOnnxDifference}");
        Assert.True(result.MeanReturn > 100, $"mean return {result.MeanReturn}");
        Assert.Contains("64/64 actions agree", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void CsvLogs_loads_custom_columns_and_clones_the_thermostat()
    {
        var output = new StringWriter();
        var result = OfflineRl.Samples.CsvLogs.Program.Run([Path.Combine(TempDir(), "log.csv")], output);
        Assert.Equal(40, result.Episodes);
        Assert.Equal(1200, result.Steps);
        Assert.True(result.HeatWhenColdRate >= 0.9, $"heat when cold {result.HeatWhenColdRate}");
        Assert.True(result.OffWhenWarmRate >= 0.9, $"off when warm {result.OffWhenWarmRate}");
        Assert.Contains("Discrete(2)", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void DiscreteIqlTreatment_iql_picks_the_best_treatment_more_often_than_bc()
    {
        var output = new StringWriter();
        TreatmentResult result = OfflineRl.Samples.DiscreteIqlTreatment.Program.Run([], output);
        Assert.True(result.IqlBestRate > result.BcBestRate + 0.2, $"IQL {result.IqlBestRate} vs BC {result.BcBestRate}");
        Assert.True(result.IqlBestRate > result.BehaviorBestRate, $"IQL {result.IqlBestRate} vs logging policy {result.BehaviorBestRate}");
        Assert.True(result.IqlBestRate > 0.8, $"IQL {result.IqlBestRate}");
        Assert.True(result.IqlMeanReward > result.BcMeanReward);
        Assert.Contains("IQL: best treatment", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Stitching_iql_succeeds_where_bc_does_not()
    {
        var output = new StringWriter();
        StitchingResult result = OfflineRl.Samples.Stitching.Program.Run([], output);
        Assert.True(result.IqlSuccess >= 0.5, $"IQL success {result.IqlSuccess}");
        Assert.True(result.IqlSuccess > result.BcSuccess, $"IQL {result.IqlSuccess} vs BC {result.BcSuccess}");
        Assert.Contains("| IQL | StitchGrid-v0 |", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void OnnxFromAnotherProcess_exports_when_no_path_then_loads_a_given_path()
    {
        var output = new StringWriter();
        OnnxConsumerResult first = OfflineRl.Samples.OnnxFromAnotherProcess.Program.Run([], output);
        Assert.True(first.Exported);
        Assert.Equal(4, first.ObservationSize);
        Assert.True(first.IsDiscrete);
        Assert.All(first.Actions, a => Assert.True(a[0] is 0f or 1f));

        var again = OfflineRl.Samples.OnnxFromAnotherProcess.Program.Run([first.ModelPath], new StringWriter());
        Assert.False(again.Exported);
        Assert.Equal(first.Actions.Select(a => a[0]), again.Actions.Select(a => a[0]));
        Assert.Contains("metadata offlinerl.algorithm = bc", output.ToString(), StringComparison.Ordinal);
    }
}
