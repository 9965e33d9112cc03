using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Algorithms.Common;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Pipeline;

namespace OfflineRl.MLNet.Algorithms.Awr;

/// <summary>
/// Advantage-weighted regression: <see cref="AdvantageWeightsEstimator"/> (V fitted to Monte-Carlo returns), then
/// behavior cloning weighted by w = min(exp(β·A), MaxWeight).
/// </summary>
/// <remarks>Peng et al. 2019: https://arxiv.org/abs/1910.00177 .</remarks>
public sealed class AwrTrainer : ITrajectoryEstimator<PolicyModel>
{
    private readonly BehaviorCloningTrainer _bc;

    /// <summary>Creates the trainer; <paramref name="contextSeed"/> applies when the options give no seed.</summary>
    public AwrTrainer(AwrOptions? options = null, int contextSeed = 0)
    {
        Options = options ?? new AwrOptions();
        Options.Validate();
        Weights = new AdvantageWeightsEstimator(Options, contextSeed);
        var bc = new BehaviorCloningOptions
        {
            Steps = Options.Steps,
            BatchSize = Options.BatchSize,
            HiddenSizes = Options.HiddenSizes,
            LearningRate = Options.LearningRate,
            Discount = Options.Discount,
            Seed = Options.Seed,
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
        _bc = new BehaviorCloningTrainer(bc, contextSeed) { AlgorithmName = "awr" };
    }

    /// <summary>The options.</summary>
    public AwrOptions Options { get; }

    /// <summary>The advantage-weights step.</summary>
    public AdvantageWeightsEstimator Weights { get; }

    /// <inheritdoc />
    public PolicyModel Fit(TrajectoryDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return _bc.Fit(Weights.Fit(data).Transform(data));
    }
}
