using Microsoft.ML;
using OfflineRl.MLNet.Algorithms.QChunking;
using OfflineRl.MLNet.Environments;
using OfflineRl.MLNet.Evaluation;
using OfflineRl.MLNet.Onnx;

namespace OfflineRl.MLNet.Tests.Evaluation;

/// <summary>Action-chunk policies in environment evaluation (issue 30): a chunk is executed open-loop, then the policy is asked again.</summary>
public sealed class ChunkEvaluationTests
{
    private static readonly float[] Pattern = [0.5f, -1f, 2f, -0.25f];

    [Fact]
    public void A_chunk_is_executed_open_loop_as_its_actions_one_by_one()
    {
        // Pendulum's 200 steps are 50 chunks of 4: asked once per chunk, and the same returns as the actions one at a time.
        var chunkCalls = 0;
        var chunked = PolicyEvaluator.Evaluate(_ => { chunkCalls++; return [.. Pattern]; }, EnvironmentCatalog.Pendulum, episodes: 2, seed: 4);
        var step = 0;
        var single = PolicyEvaluator.Evaluate(_ => [Pattern[step++ % Pattern.Length]], EnvironmentCatalog.Pendulum, episodes: 2, seed: 4);
        Assert.Equal(2 * 200 / 4, chunkCalls);
        Assert.Equal(2 * 200, step);
        Assert.Equal(single.Returns, chunked.Returns);
        Assert.Equal(200, chunked.MeanLength);

        // An episode that ends inside a chunk ends there: CartPole under a constant push falls long before its limit.
        var calls = 0;
        var cartPole = PolicyEvaluator.Evaluate(_ => { calls++; return [1f, 1f, 1f]; }, EnvironmentCatalog.CartPole, episodes: 1, seed: 0);
        Assert.Equal((int)Math.Ceiling(cartPole.MeanLength / 3), calls);
        Assert.Throws<InvalidOperationException>(() => PolicyEvaluator.Evaluate(_ => [], EnvironmentCatalog.Pendulum, episodes: 1));
    }

    [Fact]
    public void A_trained_chunk_policy_and_its_onnx_export_score_the_same_in_the_environment()
    {
        var data = EpisodeDatasets.Generate(EnvironmentCatalog.Pendulum, BehaviorDatasetKind.MediumReplay, steps: 2_000, seed: 0);
        var options = new QChunkingOptions { ChunkLength = 4, Steps = 30, HiddenSizes = [16, 16], BatchSize = 64, Seed = 0 };
        var model = new MLContext(0).OfflineRL().Trainers.QChunking(options).Fit(data).Model;
        var native = PolicyEvaluator.Evaluate(PolicyActors.From(model.Policy), EnvironmentCatalog.Pendulum, episodes: 2, seed: 1);
        using var onnx = OnnxPolicy.Load(PolicyOnnxExporter.ToBytes(model));
        Assert.Equal((4, 4), (onnx.ChunkLength, onnx.ActionSize));
        Assert.Equal("4", onnx.Metadata[OnnxExportNames.ChunkLengthKey]);
        var exported = PolicyEvaluator.Evaluate(PolicyActors.From(onnx), EnvironmentCatalog.Pendulum, episodes: 2, seed: 1);
        Assert.Equal(native.MeanReturn, exported.MeanReturn, 2);
        Assert.True(new EnvironmentEvaluator(EnvironmentCatalog.Pendulum, episodes: 1).Evaluate(model.Policy).MeanLength == 200);
    }
}
