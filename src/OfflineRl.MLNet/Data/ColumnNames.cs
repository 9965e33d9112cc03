namespace OfflineRl.MLNet.Data;

/// <summary>Column roles, spelled as ML.NET spells columns (docs/data.md).</summary>
public static class ColumnNames
{
    /// <summary>The episode a step belongs to.</summary>
    public const string EpisodeId = nameof(EpisodeId);

    /// <summary>The step index within its episode, from 0.</summary>
    public const string Step = nameof(Step);

    /// <summary>The observation vector seen before acting.</summary>
    public const string Observation = nameof(Observation);

    /// <summary>The action taken.</summary>
    public const string Action = nameof(Action);

    /// <summary>The reward received for the step.</summary>
    public const string Reward = nameof(Reward);

    /// <summary>The MDP ended after this step: there is no future value.</summary>
    public const string IsTerminal = nameof(IsTerminal);

    /// <summary>The episode was cut after this step (time limit or log cut): future value exists.</summary>
    public const string IsTruncated = nameof(IsTruncated);

    /// <summary>The observation after the step, when recorded.</summary>
    public const string NextObservation = nameof(NextObservation);

    /// <summary>Discounted Monte-Carlo return from this step to the episode's end.</summary>
    public const string ReturnToGo = nameof(ReturnToGo);

    /// <summary>Advantage estimate of the step's action.</summary>
    public const string Advantage = nameof(Advantage);

    /// <summary>Per-step sample weight used by weighted behavior cloning.</summary>
    public const string Weight = nameof(Weight);

    /// <summary>
    /// Natural log of the probability (density, for continuous actions) the behaviour policy gave the logged action, when
    /// the source recorded it (RLlib's <c>action_logp</c>): the propensity off-policy evaluation divides by.
    /// </summary>
    public const string BehaviorLogProbability = nameof(BehaviorLogProbability);

    /// <summary>The (undiscounted unless configured) return of the episode the step belongs to.</summary>
    public const string TrajectoryReturn = nameof(TrajectoryReturn);

    /// <summary>β(a|s): the probability (density, for continuous actions) with which the logging policy took the step's action.</summary>
    public const string Propensity = nameof(Propensity);
}
