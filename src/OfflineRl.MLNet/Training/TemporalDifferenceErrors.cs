using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Policies;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Training;

/// <summary>
/// The TD errors of a model's value networks on logged data: r + γ(1 − terminal)·V(s′) − min Q(s, a) over the steps with a
/// target, and the mean V of the episodes' first steps. V is the V network, or for a model with only Q networks (AWAC) the
/// value of its greedy action, min Q(s, π(s)); a model with V alone (χ²-DICE) has the TD error of V itself. Offline
/// metrics report the mean absolute error, validation during training the mean squared one (the critic's loss).
/// </summary>
internal static class TemporalDifferenceErrors
{
    /// <summary>Mean V of initial states, mean |TD error| and mean squared TD error.</summary>
    public sealed record Result(double InitialStateValue, double MeanAbsolute, double MeanSquared);

    /// <summary>
    /// The errors of <paramref name="networks"/> (named "v", "q…") with <paramref name="policy"/> on <paramref name="data"/>
    /// (raw observations), or null when there is no V or Q network among them.
    /// </summary>
    public static Result? Compute(Policy policy, IReadOnlyList<ValueNetwork> networks, float discount, TrajectoryDataset data)
    {
        var v = networks.FirstOrDefault(x => x.Name == "v");
        var qs = networks.Where(x => x.Name.StartsWith('q')).ToList();
        if (v is null && qs.Count == 0)
        {
            return null;
        }

        // V(s) is the model's V network, or for a model with only Q networks (AWAC) the value of its greedy action,
        // min Q(s, π(s)).
        var d = data.ObservationDimension;
        var pre = policy.Preprocessing;
        float[] Values(float[] raw, int count)
        {
            var normalized = new float[count * d];
            pre.NormalizeObservations(raw, normalized, count, d);
            if (v is not null)
            {
                return v.Evaluate(normalized, count);
            }

            var greedy = new float[count * policy.ActionDimension];
            policy.Act(raw, count, greedy);
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
        var (obs, next, logged) = (new float[rows.Length * d], new float[rows.Length * d], new float[rows.Length * policy.ActionDimension]);
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
        double abs = 0, squared = 0;
        for (var k = 0; k < rows.Length; k++)
        {
            var r = rows[k];
            var error = data.Rewards[r] + (discount * (data.IsTerminal[r] ? 0 : nextValues[k])) - q[k];
            abs += Math.Abs(error);
            squared += (double)error * error;
        }

        return new Result(v0, abs / rows.Length, squared / rows.Length);
    }

    /// <summary>min over the Q networks of Q(s, a) for <paramref name="count"/> normalized observations and actions in the data's units (a discrete action as its index).</summary>
    private static float[] MinQ(List<ValueNetwork> qs, TrajectoryDataset data, float[] obs, float[] actions, int count, PolicyPreprocessing pre)
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
