using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Trainers;
using OfflineRl.MLNet.Training;

namespace OfflineRl.MLNet.Evaluation;

/// <summary>
/// Metrics computed on logged data without an environment: how often the greedy action equals the logged one
/// (discrete), the mean squared action error in environment units (continuous), and for value-based models the
/// mean V of initial states and the mean absolute TD error |r + γ(1 − terminal)·V(s') − min Q(s, a)| over steps
/// that have a target. A model without a V network (AWAC) values a state by its greedy action, V(s) = min Q(s, π(s)).
/// </summary>
public sealed class OfflineMetrics
{
    /// <summary>Steps evaluated.</summary>
    public required int Steps { get; init; }

    /// <summary>Fraction of steps where the greedy action equals the logged action (discrete only).</summary>
    public double? GreedyActionAgreement { get; init; }

    /// <summary>Mean squared difference between the deterministic action and the logged action (continuous only).</summary>
    public double? ActionMse { get; init; }

    /// <summary>Mean V over the episodes' first steps (value-based models).</summary>
    public double? MeanInitialStateValue { get; init; }

    /// <summary>
    /// Mean |TD error| over steps with a target (value-based models): of min Q against r + γ·(1 − terminal)·V(s′), or of V
    /// itself for a model with V alone.
    /// </summary>
    public double? MeanAbsoluteTdError { get; init; }

    /// <summary>Computes the metrics of <paramref name="model"/> on <paramref name="data"/> (raw observations).</summary>
    public static OfflineMetrics Compute(PolicyModel model, TrajectoryDataset data)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var policy = model.Policy;
        if (policy.ObservationDimension != data.ObservationDimension)
        {
            throw new ArgumentException($"{data.Source}: observations have {data.ObservationDimension} values but the policy expects {policy.ObservationDimension}.");
        }

        ChunkPolicies.RefuseFor(policy, "offline metrics");

        var n = data.Count;
        var a = data.ActionSpace.Dimension;
        var actions = new float[n * policy.ActionDimension];
        policy.Act(data.Observations, n, actions);
        double? agreement = null, mse = null;
        if (data.ActionSpace.IsDiscrete)
        {
            var same = 0;
            for (var i = 0; i < n; i++)
            {
                same += (int)actions[i] == data.DiscreteActions[i] ? 1 : 0;
            }

            agreement = (double)same / n;
        }
        else
        {
            double sum = 0;
            var logged = data.ContinuousActions;
            for (var i = 0; i < n * a; i++)
            {
                var d = actions[i] - (double)logged[i];
                sum += d * d;
            }

            mse = sum / (n * a);
        }

        var (v0, td) = TemporalDifferenceErrors.Compute(model.Policy, model.ValueNetworks, model.Discount, data) is { } e ? (e.InitialStateValue, e.MeanAbsolute) : ((double?)null, (double?)null);
        return new OfflineMetrics { Steps = n, GreedyActionAgreement = agreement, ActionMse = mse, MeanInitialStateValue = v0, MeanAbsoluteTdError = td };
    }
}
