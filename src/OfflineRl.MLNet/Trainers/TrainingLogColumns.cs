namespace OfflineRl.MLNet.Trainers;

/// <summary>
/// The columns of the CSV training log (<see cref="RunOptions.LogPath"/>):
/// <c>step,&lt;loss names&gt;[,val_&lt;names&gt;],lr_&lt;names&gt;[,eval_mean_return,eval_normalized_score],steps_per_second</c>.
/// </summary>
public static class TrainingLogColumns
{
    /// <summary>The step column's name.</summary>
    public const string Step = "step";

    /// <summary>The throughput column's name.</summary>
    public const string StepsPerSecond = "steps_per_second";

    /// <summary>The prefix of the validation-loss columns (<see cref="TrainerOptions.ValidationFraction"/>).</summary>
    public const string ValidationPrefix = "val_";

    /// <summary>The learning-rate columns' prefix.</summary>
    public const string LearningRatePrefix = "lr_";

    /// <summary>The column of the mean return of evaluations during training (<see cref="RunOptions.EvaluateEvery"/>).</summary>
    public const string EvaluationReturn = "eval_mean_return";

    /// <summary>The column of the normalized score of evaluations during training.</summary>
    public const string EvaluationScore = "eval_normalized_score";
}
