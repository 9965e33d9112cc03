using System.Xml.Linq;
using OfflineRl.MLNet.Algorithms.Awr;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Environments;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Tests.Notebooks;

/// <summary>
/// Runs each notebook in notebooks/ through the real C# kernel hosted in this process (see <see cref="KernelNotebookRun"/>)
/// and checks the values it computed, read back from the kernel. (build/notebooks.sh runs them in Jupyter as a user would.)
/// </summary>
[Trait(Tier.Name, Tier.Slow)]
[Collection(NotebookCollection.Name)]
public sealed class NotebookTests
{
    private static void AssertSvgCharts(KernelNotebookRun run, int atLeast)
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
        using var run = await NotebookFiles.RunAsync("quick-start.ipynb");
        var evaluation = run.Get<EvaluationResult>("evaluation");
        Assert.True(evaluation.MeanReturn > 400, $"BC mean return {evaluation.MeanReturn}");
        Assert.Equal(256, run.Get<int>("engineAgree"));
        Assert.Equal(256, run.Get<int>("reloadedAgree"));
        Assert.Equal(256, run.Get<int>("agree"));
        Assert.Contains(run.Cells.SelectMany(c => c), o => o is { Kind: "result", Text: "256/256 greedy actions agree between the C# policy and ONNX Runtime" });
        // ML.NET's ApplyOnnxModel on the exported file gives the C# policy's action on every logged row.
        Assert.Equal(run.Get<TrajectoryDataset>("data").Count, run.Get<int>("applyAgree"));
        // The ranking section: per-decision IS puts the trained BC policy first, as the simulator does.
        var ranking = run.Get<OfflineRl.MLNet.Evaluation.OffPolicyRanking>("ranking");
        Assert.Equal("BC, 1,000 steps", ranking.By("WPDIS")[0].Policy);
        Assert.Equal(3, ranking.Policies.Count);
        AssertSvgCharts(run, 2);
    }

    [Fact]
    public async Task Stitching_iql_reaches_the_goal_where_bc_and_filtered_bc_do_not()
    {
        using var run = await NotebookFiles.RunAsync("stitching.ipynb");
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
        using var run = await NotebookFiles.RunAsync("advantage-weighting.ipynb");
        // docs/transforms.md seed check: returns 3, 7, 1 at one state, V = mean.
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

        // Expectiles: exact values as in docs/transforms.md; the trained V rises with τ from the mean toward the max and stays near the exact value.
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

    [Fact]
    public async Task StitchGrid_algorithms_iql_alone_stitches_its_value_rises_toward_the_goal_and_its_onnx_export_scores_in_mlnet()
    {
        using var run = await NotebookFiles.RunAsync("stitchgrid-algorithms.ipynb");
        var data = run.Get<TrajectoryDataset>("data");
        var iql = run.Get<double>("iqlSuccess");
        var others = new[] { run.Get<double>("bcSuccess"), run.Get<double>("filteredBcSuccess"), run.Get<double>("awrSuccess") };
        Assert.True(iql >= 0.5, $"IQL success {iql}");
        Assert.All(others, s => Assert.True(iql > s, $"IQL {iql} does not beat {string.Join(", ", others)}"));

        // One learning-curve point per evaluation (every 250 steps) for each of the four trainers.
        var curves = run.Get<Dictionary<string, (double Step, double Success)[]>>("curves");
        Assert.Equal(["BC", "Filtered BC 10%", "AWR", "IQL"], curves.Keys);
        Assert.Equal(Enumerable.Range(1, 12).Select(i => 250.0 * i), curves["IQL"].Select(p => p.Step));
        Assert.Equal(6, curves["BC"].Length);
        Assert.All(curves.Values.SelectMany(c => c), p => Assert.InRange(p.Success, 0, 1));

        // Monte-Carlo advantages give the start room nothing to prefer; IQL's TD advantages do.
        Assert.True(run.Get<double>("iqlStartSpread") > run.Get<double>("awrStartSpread"),
            $"start-room weight spread: IQL {run.Get<double>("iqlStartSpread")}, AWR {run.Get<double>("awrStartSpread")}");
        Assert.All(run.Get<float[]>("iqlWeights"), w => Assert.InRange(w, 0f, 100f));

        // The heatmap: V on every free cell, NaN on the walls, higher next to the goal than in the start corner.
        var grid = run.Get<double[,]>("valueGrid");
        var map = new StitchGridEnvironment().Map;
        for (var y = 0; y < map.Height; y++)
        {
            for (var x = 0; x < map.Width; x++)
            {
                Assert.Equal(!map.IsFree(new GridCell(x, y)), double.IsNaN(grid[y, x]));
            }
        }

        Assert.True(run.Get<double>("valueNextToGoal") > run.Get<double>("valueAtStart") + 0.1,
            $"V next to the goal {run.Get<double>("valueNextToGoal")}, at the start {run.Get<double>("valueAtStart")}");
        Assert.Equal(data.Count, run.Get<int>("applyAgree"));
        AssertSvgCharts(run, 5);
    }
}
