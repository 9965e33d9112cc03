using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Environments;

/// <summary>Checks actions against an action space and reads them.</summary>
internal static class ActionReader
{
    public static int ReadDiscrete(string id, ActionSpace space, ReadOnlySpan<float> action)
    {
        if (action.Length != 1)
        {
            throw new ArgumentException($"{id}: a discrete action is one value (the index); got {action.Length} values.", nameof(action));
        }

        var value = action[0];
        if (!float.IsFinite(value) || value != MathF.Floor(value) || value < 0 || value >= space.Count)
        {
            throw new ArgumentException($"{id}: action {value} is not an index in [0, {space.Count}).", nameof(action));
        }

        return (int)value;
    }

    public static void CheckContinuous(string id, ActionSpace space, ReadOnlySpan<float> action)
    {
        if (action.Length != space.Dimension)
        {
            throw new ArgumentException($"{id}: an action has {space.Dimension} values; got {action.Length}.", nameof(action));
        }

        for (var i = 0; i < action.Length; i++)
        {
            if (!float.IsFinite(action[i]))
            {
                throw new ArgumentException($"{id}: action value {i} is {action[i]}.", nameof(action));
            }
        }
    }

    public static void CheckState(string id, ReadOnlySpan<double> state, int dimension)
    {
        if (state.Length != dimension)
        {
            throw new ArgumentException($"{id}: a state has {dimension} values; got {state.Length}.", nameof(state));
        }

        for (var i = 0; i < state.Length; i++)
        {
            if (!double.IsFinite(state[i]))
            {
                throw new ArgumentException($"{id}: state value {i} is {state[i]}.", nameof(state));
            }
        }
    }

    /// <summary>The cell a grid environment's two-value state names, checked like <see cref="CheckState"/> and for whole numbers.</summary>
    /// <exception cref="ArgumentException">When the state is not two finite whole numbers.</exception>
    public static GridCell ReadCell(string id, ReadOnlySpan<double> state)
    {
        CheckState(id, state, 2);
        if (state[0] != Math.Floor(state[0]) || state[1] != Math.Floor(state[1]))
        {
            throw new ArgumentException($"{id}: a state is a cell, two whole numbers; got ({state[0]}, {state[1]}).", nameof(state));
        }

        return new GridCell((int)state[0], (int)state[1]);
    }
}
