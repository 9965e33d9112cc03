using Microsoft.ML;
using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Algorithms.Common;
using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Algorithms.Awr;

/// <summary>
/// Advantage-weighted regression: V fitted to Monte-Carlo returns (<see cref="AdvantageWeightsEstimator"/>), then
/// behavior cloning weighted by w = min(exp(β·A), MaxWeight).
/// </summary>
/// <remarks>Peng et al. 2019: https://arxiv.org/abs/1910.00177 .</remarks>
public sealed class AwrTrainer : PolicyTrainer<AwrOptions>
{
    internal AwrTrainer(MLContext context, AwrOptions? options)
        : base(context, options ?? new AwrOptions(), "awr")
    {
    }

    private protected override PolicyModel Train(TrajectoryDataset data, int seed, IProgress<TrainingProgress> log)
    {
        var weighted = AdvantageWeightsEstimator.FitValue(data, Options, seed).ApplyTo(data);
        var bc = new BehaviorCloningOptions
        {
            Steps = Options.Steps,
            BatchSize = Options.BatchSize,
            HiddenSizes = Options.HiddenSizes,
            LearningRate = Options.LearningRate,
            Discount = Options.Discount,
            Seed = seed,
            Threads = Options.Threads,
            CheckpointEvery = Options.CheckpointEvery,
            CheckpointDirectory = Options.CheckpointDirectory,
            ResumeFrom = Options.ResumeFrom,
            Progress = Options.Progress,
            ReportEvery = Options.ReportEvery,
            LogPath = Options.LogPath,
            EvaluationEnvironment = Options.EvaluationEnvironment,
            EvaluateEvery = Options.EvaluateEvery,
            EvaluationEpisodes = Options.EvaluationEpisodes,
            EvaluationSeed = Options.EvaluationSeed,
            Head = Options.Head,
            UseWeights = true,
            CosineDecay = Options.CosineDecay,
        };
        return BehaviorCloningTrainer.Clone(weighted, bc, seed, log, Algorithm);
    }
}
