namespace OfflineRl.MLNet.Trainers;

/// <summary>
/// A group of settings an options object holds as one property (<see cref="TrainerOptions.Run"/>, an algorithm's
/// <c>Weighting</c> or <c>TargetNetwork</c>). Model files, the command line and the benchmark's settings file read a group's
/// settings as nested under the property's name.
/// </summary>
public abstract class OptionsGroup
{
    private protected OptionsGroup()
    {
    }

    /// <summary>Adds the problems of <paramref name="group"/>, held as <paramref name="owner"/>, each named <c>owner.Setting</c>.</summary>
    internal static void AddErrors(OptionsGroup? group, List<string> errors, string owner)
    {
        if (group is null)
        {
            errors.Add($"{owner} must not be null.");
        }
        else
        {
            group.AddErrors(errors, owner);
        }
    }

    private protected abstract void AddErrors(List<string> errors, string owner);
}
