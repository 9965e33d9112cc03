using System.Xml.Linq;
using OfflineRl.MLNet.Algorithms.Awr;
using OfflineRl.MLNet.Evaluation;

namespace OfflineRl.MLNet.Tests.Notebooks;

/// <summary>
/// Runs each notebook in notebooks/ cell by cell (see <see cref="NotebookRunner"/>) and checks what it computed.
/// With OFFLINERL_UPDATE_NOTEBOOKS=1 the fresh outputs are written into the .ipynb files.
/// </summary>
[Collection(NotebookCollection.Name)]
public sealed class NotebookTests
{
    private static void AssertSvgCharts(NotebookRun run, int atLeast)
    {
        var charts = run.OutputsOfType("image/svg+xml");
        Assert.True(charts.Count >= atLeast, $"{charts.Count} SVG charts, expected at least {atLeast}");
        foreach (var svg in charts)
        {
            Assert.Equal("svg", XDocument.Parse(svg).Root!.Name.LocalName);
        }
    }

    [Fact]
    public async Task Quick_start_trains_evaluates_and_its_prediction_engine_saved_model_and_onnx_export_agree()
    {
        var run = await NotebookFiles.RunAsync("quick-start.ipynb");
        var evaluation = run.Get<EvaluationResult>("evaluation");
        Assert.True(evaluation.MeanReturn > 400, $"BC mean return {evaluation.MeanReturn}");
        Assert.Equal(256, run.Get<int>("engineAgree"));
        Assert.Equal(256, run.Get<int>("reloadedAgree"));
        Assert.Equal(256, run.Get<int>("agree"));
        Assert.Equal("256/256 greedy actions agree between the C# policy and ONNX Runtime", run.Cells[^1].ReturnValue);
        AssertSvgCharts(run, 2);
    }

    [Fact]
    public async Task Stitching_iql_reaches_the_goal_where_bc_and_filtered_bc_do_not()
    {
        var run = await NotebookFiles.RunAsync("stitching.ipynb");
        Assert.Equal(0, run.Get<int>("startToGoal"));
        var bc = run.Get<double>("bcSuccess");
        var filtered = run.Get<double>("filteredBcSuccess");
        var iql = run.Get<double>("iqlSuccess");
        Assert.True(iql >= 0.5, $"IQL success {iql}");
        Assert.True(iql > bc && iql > filtered, $"IQL {iql}, BC {bc}, filtered BC {filtered}");
        var values = run.Get<double[]>("values");
        // The value rises along the path: start room < middle of the path (hub) < goal end.
        Assert.True(values[0] < values[values.Length / 2] && values[values.Length / 2] < values[^1], $"V along the path: {string.Join(", ", values)}");
        AssertSvgCharts(run, 3);
    }

    [Fact]
    public async Task Advantage_weighting_sweeps_are_monotone_and_match_the_design_checks()
    {
        var run = await NotebookFiles.RunAsync("advantage-weighting.ipynb");
        // DESIGN §5 seed check: returns 3, 7, 1 at one state, V = mean.
        var seedCheck = run.Get<Dictionary<float, double[]>>("normalizedWeights");
        Assert.All(seedCheck[1f].Zip([0.018, 0.979, 0.002]), p => Assert.Equal(p.Second, p.First, 0.001));
        Assert.All(seedCheck[0.2f].Zip([0.257, 0.571, 0.172]), p => Assert.Equal(p.Second, p.First, 0.001));
        Assert.All(seedCheck[0f], w => Assert.Equal(1.0 / 3, w, 6));
        Assert.True(run.Get<bool>("sameWeights"), "the transform's Weight column differs from AdvantageWeighting.Weights");

        // Without the clip the effective sample size can only shrink as β grows; with β = 0 it is every row.
        var unclipped = run.Get<AdvantageWeightSummary[]>("unclipped");
        Assert.Equal(1, unclipped[0].EffectiveFraction, 6);
        for (var i = 1; i < unclipped.Length; i++)
        {
            Assert.True(unclipped[i].EffectiveFraction < unclipped[i - 1].EffectiveFraction, $"sweep point {i}: {unclipped[i].EffectiveFraction} !< {unclipped[i - 1].EffectiveFraction}");
            Assert.True(unclipped[i].TopDecileShare > unclipped[i - 1].TopDecileShare, $"sweep point {i}: top-decile share does not grow");
        }

        Assert.Equal(0.1, run.Get<AdvantageWeightSummary[]>("clipped")[0].TopDecileShare, 6);

        // Expectiles: exact values as in DESIGN §5; the trained V rises with τ from the mean toward the max and stays near the exact value.
        var exact = run.Get<double[]>("exact");
        Assert.Equal([5.333, 6.154, 7.273], new[] { exact[0], exact[2], exact[4] }.Select(v => Math.Round(v, 3)));
        var learned = run.Get<double[]>("learned");
        for (var i = 0; i < learned.Length; i++)
        {
            Assert.True(Math.Abs(learned[i] - exact[i]) < 0.3, $"τ index {i}: learned {learned[i]}, exact {exact[i]}");
            Assert.True(i == 0 || learned[i] > learned[i - 1], $"learned V is not increasing at τ index {i}: {string.Join(", ", learned)}");
        }

        Assert.True(learned[^1] > 7.5, $"V at τ = 0.99: {learned[^1]}");
        AssertSvgCharts(run, 4);
    }
}
