using Microsoft.ML;
using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Evaluation;

/// <summary>
/// What off-policy evaluation reads from a view beyond the trajectory columns: the behaviour policy's logged
/// log-probabilities or propensities (checked), and the step index that shows each episode starts at its beginning.
/// </summary>
internal static class OffPolicyData
{
    private const int MaxListed = 5;

    /// <summary>
    /// log β(a_t|s_t) per row from the log-probability column, else from the propensity column, else null; throws naming
    /// the rows when a value is not a probability (a propensity outside (0, 1], a log-probability above 0 or not finite;
    /// for continuous actions, densities: positive and finite).
    /// </summary>
    public static (double[]? LogProbabilities, BehaviorPolicySource? Source) LoggedBehavior(IDataView view, TrajectoryDataset data, OffPolicyEvaluationOptions options)
    {
        var discrete = data.ActionSpace.IsDiscrete;
        if (ReadColumn(view, data, options.BehaviorLogProbabilityColumnName) is { } logged)
        {
            Check(data, logged, options.BehaviorLogProbabilityColumnName, x => double.IsFinite(x) && (!discrete || x <= 1e-6),
                discrete ? "log-probabilities must be finite and at most 0 (a probability in (0, 1])" : "log-densities must be finite");
            return (logged, BehaviorPolicySource.LoggedLogProbability);
        }

        if (ReadColumn(view, data, options.PropensityColumnName) is { } propensities)
        {
            Check(data, propensities, options.PropensityColumnName, x => x > 0 && double.IsFinite(x) && (!discrete || x <= 1 + 1e-6),
                discrete ? "propensities must be in (0, 1]" : "propensities (densities) must be positive and finite");
            return ([.. propensities.Select(p => Math.Log(p))], BehaviorPolicySource.LoggedPropensity);
        }

        return (null, null);
    }

    /// <summary>
    /// Throws when the view has a step column and an episode's first step is not 0: its first row is then not an initial
    /// state, and no estimate of J(π) from initial states can be made from it.
    /// </summary>
    public static void CheckEpisodeStarts(IDataView view, TrajectoryDataset data, string stepColumnName)
    {
        var steps = ReadColumn(view, data, stepColumnName);
        if (steps is null)
        {
            return;
        }

        var late = data.Episodes.Where(e => steps[e.Start] != 0).ToList();
        if (late.Count > 0)
        {
            var listed = string.Join("; ", late.Take(MaxListed).Select(e => $"episode {e.Id} begins at {stepColumnName} {steps[e.Start]}"));
            throw new InvalidOperationException(
                $"{data.Source}: off-policy evaluation estimates the value from each episode's initial state, but {late.Count} of {data.EpisodeCount} episodes do not start at step 0 " +
                $"({listed}{(late.Count > MaxListed ? "; …" : "")}). Evaluate on whole episodes.");
        }
    }

    /// <summary>The numeric column <paramref name="name"/> per row as float64, or null when the view has no such column.</summary>
    private static double[]? ReadColumn(IDataView view, TrajectoryDataset data, string name)
    {
        if (view is TrajectoryDataset ds && ds.HasColumn(name))
        {
            return [.. ds.GetColumn(name).ToArray().Select(x => (double)x)];
        }

        if (view.Schema.GetColumnOrNull(name) is not { } column)
        {
            return null;
        }

        var raw = column.Type.RawType;
        if (raw != typeof(float) && raw != typeof(double) && raw != typeof(int) && raw != typeof(long))
        {
            throw new ArgumentOutOfRangeException(nameof(view), $"Column '{name}' is {column.Type}; expected a Single or Double scalar (an integer for a step).");
        }

        var read = Numbers(view, column);
        if (read.Length != data.Count)
        {
            throw new InvalidOperationException($"{data.Source}: column '{name}' has {read.Length} rows but the validated episodes have {data.Count}; evaluate on data whose rows all belong to whole episodes.");
        }

        return read;
    }

    /// <summary>A Single, Double, Int32 or Int64 column's values as float64 (no generic method: the architecture test's reader confuses generic methods of the same shape across types).</summary>
    private static double[] Numbers(IDataView view, DataViewSchema.Column column)
    {
        var values = new List<double>();
        using var cursor = view.GetRowCursor([column]);
        var raw = column.Type.RawType;
        float f = 0;
        double d = 0;
        int i = 0;
        long l = 0;
        Func<double> next;
        if (raw == typeof(float))
        {
            var getter = cursor.GetGetter<float>(column);
            next = () => { getter(ref f); return f; };
        }
        else if (raw == typeof(double))
        {
            var getter = cursor.GetGetter<double>(column);
            next = () => { getter(ref d); return d; };
        }
        else if (raw == typeof(int))
        {
            var getter = cursor.GetGetter<int>(column);
            next = () => { getter(ref i); return i; };
        }
        else
        {
            var getter = cursor.GetGetter<long>(column);
            next = () => { getter(ref l); return l; };
        }

        while (cursor.MoveNext())
        {
            values.Add(next());
        }

        return [.. values];
    }

    private static void Check(TrajectoryDataset data, double[] values, string column, Func<double, bool> valid, string rule)
    {
        var bad = Enumerable.Range(0, values.Length).Where(r => !valid(values[r])).ToList();
        if (bad.Count == 0)
        {
            return;
        }

        var errors = new List<string> { $"{bad.Count} of {values.Length} rows have a behaviour probability that is not one ({rule})" };
        errors.AddRange(bad.Take(MaxListed).Select(r => $"{data.DescribeRow(r)}: {column} = {values[r].ToString(System.Globalization.CultureInfo.InvariantCulture)}"));
        throw new DatasetValidationException(data.Source, errors);
    }
}
