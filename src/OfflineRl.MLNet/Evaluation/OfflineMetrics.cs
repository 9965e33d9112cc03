using OfflineRl.MLNet.Algorithms;
using OfflineRl.MLNet.Training;
using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Evaluation;

/// <summary>
/// Metrics computed on logged data without an environment: how often the greedy action equals the logged one
/// (discrete), the mean squared action error in environment units (continuous), and for value-based models the
/// mean V of initial states and the mean absolute TD error |r + γ(1 − terminal)·V(s') − min Q(s, a)| over steps
/// that have a target.
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

    /// <summary>Mean |TD error| over steps with a target (value-based models).</summary>
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
        if (v is null)
        {
            return (null, null);
        }

        var d = data.ObservationDimension;
        var n = data.Count;
        var pre = model.Policy.Preprocessing;
        var obs = new float[n * d];
        pre.NormalizeObservations(data.Observations, obs, n, d);
        var values = v.Evaluate(obs, n);
        double v0 = 0;
        foreach (var ep in data.Episodes)
        {
            v0 += values[ep.Start];
        }

        v0 /= data.EpisodeCount;
        if (qs.Count == 0)
        {
            return (v0, null);
        }

        var table = new TransitionTable(data);
        var rows = table.Rows;
        var next = new float[rows.Length * d];
        var scratch = new float[d];
        for (var k = 0; k < rows.Length; k++)
        {
            table.CopyNextObservation(rows[k], scratch);
            pre.NormalizeObservations(scratch, next.AsSpan(k * d, d), 1, d);
        }

        var nextValues = v.Evaluate(next, rows.Length);
        var q = MinQ(qs, data, obs, rows, pre);
        double td = 0;
        for (var k = 0; k < rows.Length; k++)
        {
            var r = rows[k];
            var target = data.Rewards[r] + (model.Discount * (data.IsTerminal[r] ? 0 : nextValues[k]));
            td += Math.Abs(target - q[k]);
        }

        return (v0, td / rows.Length);
    }

    private static float[] MinQ(List<ValueNetwork> qs, TrajectoryDataset data, float[] obs, int[] rows, Policies.PolicyPreprocessing pre)
    {
        var d = data.ObservationDimension;
        var result = Enumerable.Repeat(float.PositiveInfinity, rows.Length).ToArray();
        if (data.ActionSpace.IsDiscrete)
        {
            var n = data.ActionSpace.Count;
            var input = new float[rows.Length * d];
            for (var k = 0; k < rows.Length; k++)
            {
                obs.AsSpan(rows[k] * d, d).CopyTo(input.AsSpan(k * d));
            }

            foreach (var q in qs)
            {
                var all = q.Evaluate(input, rows.Length);
                for (var k = 0; k < rows.Length; k++)
                {
                    result[k] = Math.Min(result[k], all[(k * n) + data.DiscreteActions[rows[k]]]);
                }
            }

            return result;
        }

        var a = data.ActionSpace.Dimension;
        var joint = new float[rows.Length * (d + a)];
        for (var k = 0; k < rows.Length; k++)
        {
            obs.AsSpan(rows[k] * d, d).CopyTo(joint.AsSpan(k * (d + a)));
            pre.ScaleActions(data.GetContinuousAction(rows[k]), joint.AsSpan((k * (d + a)) + d, a), 1, a);
        }

        foreach (var q in qs)
        {
            var values = q.Evaluate(joint, rows.Length);
            for (var k = 0; k < rows.Length; k++)
            {
                result[k] = Math.Min(result[k], values[k]);
            }
        }

        return result;
    }
}
