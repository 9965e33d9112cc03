namespace OfflineRl.MLNet.Environments;

/// <summary>
/// Everything the library knows about one environment beyond its dynamics, declared once as the environment class's
/// <c>Entry</c> and listed in <see cref="EnvironmentRegistry.All"/>. <see cref="EnvironmentCatalog"/>,
/// <see cref="BehaviorControllers"/>, <see cref="ReferenceReturns"/>, <see cref="LearnerFlaws"/> and the dataset and
/// benchmark code read it instead of switching on the id.
/// </summary>
/// <param name="Id">The id, as <see cref="EnvironmentCatalog"/> spells it.</param>
/// <param name="Create">A fresh environment with its default settings (time limit included).</param>
/// <param name="Controller">The scripted controller with the given knobs (the stitching controllers head for the goal).</param>
/// <param name="MediumEpsilon">ε of <see cref="BehaviorLevel.EpsilonGreedy"/>, tuned so its normalized score is about 33.</param>
/// <param name="Reference">The measured random and expert returns (see <see cref="ReferenceReturns"/>).</param>
/// <param name="MeasuredEpsilonGreedy">The mean return <see cref="BehaviorLevel.EpsilonGreedy"/> measured the same way.</param>
/// <param name="Flaws">The learner of the medium and medium-replay datasets; set exactly when <paramref name="Stitching"/> is not.</param>
/// <param name="Stitching">The stitching recipe and discount of a goal task; <see langword="null"/> for behavior-level datasets.</param>
/// <param name="IsLocomotion">A MuJoCo locomotion task: no scripted controller (its behaviour policies are trained), D4RL's
/// reference returns.</param>
/// <param name="GoalReaching">The return is decided by whether and when a goal is reached (a stitching task's goal, the
/// flag, the swing-up height), so a score moves with a few episodes' outcomes and evaluation needs many episodes.</param>
internal sealed record EnvironmentEntry(
    string Id,
    Func<IEnvironment> Create,
    Func<ControllerKnobs, IBehaviorController> Controller,
    double MediumEpsilon,
    ReferenceReturn Reference,
    double MeasuredEpsilonGreedy,
    LearnerFlaws? Flaws = null,
    StitchingTask? Stitching = null,
    bool IsLocomotion = false,
    bool GoalReaching = false)
{
    /// <summary>Whether the data comes from a stitching recipe and success means reaching the goal.</summary>
    public bool IsStitching => Stitching is not null;

    /// <summary>Whether a score is decided by reaching a goal: stitching tasks and those declared <see cref="GoalReaching"/>.</summary>
    public bool IsGoalReaching => GoalReaching || IsStitching;
}
