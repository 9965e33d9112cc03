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

        var (v0, td) = ValueMetrics(model, data);
        return new OfflineMetrics { Steps = n, GreedyActionAgreement = agreement, ActionMse = mse, MeanInitialStateValue = v0, MeanAbsoluteTdError = td };
    }

    private static (double? V0, double? Td) ValueMetrics(PolicyModel model, TrajectoryDataset data)
    {
        var v = model.ValueNetworks.FirstOrDefault(x => x.Name == "v");
        var qs = model.ValueNetworks.Where(x => x.Name.StartsWith('q')).ToList();
        if (v is null && qs.Count == 0)
        {
            return (null, null);
        }

        // V(s) is the model's V network, or for a model with only Q networks (AWAC) the value of its greedy action,
        // min Q(s, π(s)).
        var d = data.ObservationDimension;
        var pre = model.Policy.Preprocessing;
        float[] Values(float[] raw, int count)
        {
            var normalized = new float[count * d];
            pre.NormalizeObservations(raw, normalized, count, d);
            if (v is not null)
            {
                return v.Evaluate(normalized, count);
            }

            var greedy = new float[count * model.Policy.ActionDimension];
            model.Policy.Act(raw, count, greedy);
            return MinQ(qs, data, normalized, greedy, count, pre);
        }

        var values = Values(data.Observations.ToArray(), data.Count);
        double v0 = 0;
        foreach (var ep in data.Episodes)
        {
            v0 += values[ep.Start];
        }

        v0 /= data.EpisodeCount;

        var table = new TransitionTable(data);
        var rows = table.Rows;
        var (obs, next, logged) = (new float[rows.Length * d], new float[rows.Length * d], new float[rows.Length * model.Policy.ActionDimension]);
        for (var k = 0; k < rows.Length; k++)
        {
            data.GetObservation(rows[k]).CopyTo(obs.AsSpan(k * d, d));
            table.CopyNextObservation(rows[k], next.AsSpan(k * d, d));
            if (data.ActionSpace.IsDiscrete)
            {
                logged[k] = data.DiscreteActions[rows[k]];
            }
            else
            {
                data.GetContinuousAction(rows[k]).CopyTo(logged.AsSpan(k * data.ActionSpace.Dimension));
            }
        }

        var nextValues = Values(next, rows.Length);
        var normalized = new float[obs.Length];
        pre.NormalizeObservations(obs, normalized, rows.Length, d);
        // A model with V alone (χ²-DICE): the TD error of V itself, r + γ·(1 − terminal)·V(s′) − V(s).
        var q = qs.Count > 0 ? MinQ(qs, data, normalized, logged, rows.Length, pre) : [.. rows.Select(r => values[r])];
        double td = 0;
        for (var k = 0; k < rows.Length; k++)
        {
            var r = rows[k];
            var target = data.Rewards[r] + (model.Discount * (data.IsTerminal[r] ? 0 : nextValues[k]));
            td += Math.Abs(target - q[k]);
        }

        return (v0, td / rows.Length);
    }

    /// <summary>min over the Q networks of Q(s, a) for <paramref name="count"/> normalized observations and actions in the data's units (a discrete action as its index).</summary>
    private static float[] MinQ(List<ValueNetwork> qs, TrajectoryDataset data, float[] obs, float[] actions, int count, Policies.PolicyPreprocessing pre)
    {
        var d = data.ObservationDimension;
        var result = Enumerable.Repeat(float.PositiveInfinity, count).ToArray();
        if (data.ActionSpace.IsDiscrete)
        {
            var n = data.ActionSpace.Count;
            foreach (var q in qs)
            {
                var all = q.Evaluate(obs, count);
                for (var k = 0; k < count; k++)
                {
                    result[k] = Math.Min(result[k], all[(k * n) + (int)actions[k]]);
                }
            }

            return result;
        }

        var a = data.ActionSpace.Dimension;
        var joint = new float[count * (d + a)];
        for (var k = 0; k < count; k++)
        {
            obs.AsSpan(k * d, d).CopyTo(joint.AsSpan(k * (d + a)));
            pre.ScaleActions(actions.AsSpan(k * a, a), joint.AsSpan((k * (d + a)) + d, a), 1, a);
        }

        foreach (var q in qs)
        {
            var values = q.Evaluate(joint, count);
            for (var k = 0; k < count; k++)
            {
                result[k] = Math.Min(result[k], values[k]);
            }
        }

        return result;
    }
}
