namespace OfflineRl.MLNet.Evaluation;

/// <summary>Where off-policy evaluation took the behaviour policy's probabilities β(a|s) from.</summary>
public enum BehaviorPolicySource
{
    /// <summary>The data's log-probability column (<see cref="OffPolicyEvaluationOptions.BehaviorLogProbabilityColumnName"/>).</summary>
    LoggedLogProbability,

    /// <summary>The data's propensity column (<see cref="OffPolicyEvaluationOptions.PropensityColumnName"/>).</summary>
    LoggedPropensity,

    /// <summary>A behaviour-cloning model fitted on the same data (the data logged no probabilities).</summary>
    FittedBehaviorCloning,
}
