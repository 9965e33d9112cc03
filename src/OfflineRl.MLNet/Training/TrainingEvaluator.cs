using OfflineRl.MLNet.Algorithms;
using OfflineRl.MLNet.Evaluation;
using OfflineRl.MLNet.Policies;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Training;

/// <summary>
/// Runs <see cref="TrainerOptions.Evaluator"/> on the policy being trained every <see cref="TrainerOptions.EvaluateEvery"/>
/// steps. The evaluator neither changes a parameter nor draws from the training's random streams, so training with or
/// without it gives bit-identical weights.
/// </summary>
internal sealed class TrainingEvaluator
{
    private readonly IPolicyEvaluator _evaluator;
    private readonly Policy _policy;

    private TrainingEvaluator(IPolicyEvaluator evaluator, Policy policy, int every)
    {
        _evaluator = evaluator;
        _policy = policy;
        Every = every;
    }

    /// <summary>Evaluation interval in steps.</summary>
    public int Every { get; }

    /// <summary>The evaluator <paramref name="options"/> ask for, checked against the policy, or null when they ask for none.</summary>
    /// <exception cref="ArgumentException">When the evaluator cannot run the policy.</exception>
    public static TrainingEvaluator? Create(TrainerOptions options, Policy policy)
    {
        if (options.EvaluateEvery <= 0 || options.Evaluator is null)
        {
            return null;
        }

        options.Evaluator.Validate(policy);
        return new TrainingEvaluator(options.Evaluator, policy, options.EvaluateEvery);
    }

    /// <summary>True when an evaluation is due after <paramref name="done"/> steps.</summary>
    public bool IsDue(int done) => done % Every == 0;

    /// <summary>Runs the evaluation with the policy's current parameters.</summary>
    public EvaluationResult Run() => _evaluator.Evaluate(_policy);
}
