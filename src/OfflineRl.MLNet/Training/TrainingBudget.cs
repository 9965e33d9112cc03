using System.Globalization;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Training;

/// <summary>
/// How hard a run works its data: passes over each transition = steps × batch size / transitions. Far above
/// <see cref="TrainerOptions.LargeBudgetPasses"/> a small dataset is memorized, and the policy can act worse than with
/// fewer steps while every loss on the training data keeps falling.
/// </summary>
internal static class TrainingBudget
{
    /// <summary>Passes over each of <paramref name="transitions"/> that <paramref name="steps"/> batches of <paramref name="batchSize"/> make.</summary>
    public static double Passes(int steps, int batchSize, int transitions) => (double)steps * batchSize / Math.Max(transitions, 1);

    /// <summary>The warning for a budget above <see cref="TrainerOptions.LargeBudgetPasses"/>, or null.</summary>
    public static string? Warning(int steps, int batchSize, int transitions)
    {
        var passes = Passes(steps, batchSize, transitions);
        if (passes <= TrainerOptions.LargeBudgetPasses)
        {
            return null;
        }

        // The step count that brings the run to the threshold, to say what to try.
        var suggested = Math.Max(1, (int)(TrainerOptions.LargeBudgetPasses * transitions / batchSize));
        return string.Create(CultureInfo.InvariantCulture,
            $"{steps} steps × batch {batchSize} pass over each of the {transitions} training transitions {passes:0} times, above {TrainerOptions.LargeBudgetPasses:0}: " +
            $"on this little data the policy may memorize it and act worse than with fewer steps. Consider {nameof(TrainerOptions.Steps)} ≤ {suggested}, " +
            $"and hold out episodes ({nameof(TrainerOptions.ValidationFraction)}) to see when the validation loss stops falling.");
    }
}
