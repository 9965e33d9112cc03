using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Environments;

/// <summary>
/// One recorded episode as plain arrays, ready to become dataset rows: row <c>t</c> is the observation before
/// step <c>t</c>, the action taken, the reward, the observation after it and the end flags.
/// </summary>
/// <remarks>
/// Observations are flattened row-major (<see cref="Length"/> × <see cref="ObservationDimension"/>).
/// Only the last row can have <see cref="Terminals"/> or <see cref="Truncations"/> set; never both.
/// </remarks>
public sealed class EnvironmentEpisode
{
    /// <summary>Creates an episode from its arrays (taken over, not copied).</summary>
    /// <param name="environmentId">The environment id.</param>
    /// <param name="observationDimension">Width of one observation.</param>
    /// <param name="actionSpace">The action space.</param>
    /// <param name="observations">Observations before each step, row-major.</param>
    /// <param name="nextObservations">Observations after each step, row-major.</param>
    /// <param name="actions">Actions, row-major (<see cref="ActionSpace.Dimension"/> per step; the index for discrete spaces).</param>
    /// <param name="rewards">Rewards per step.</param>
    /// <param name="terminals">Terminal flags per step.</param>
    /// <param name="truncations">Truncation flags per step.</param>
    /// <param name="tag">A free label, for example the stitching segment.</param>
    /// <exception cref="ArgumentException">When the array lengths disagree.</exception>
    public EnvironmentEpisode(
        string environmentId,
        int observationDimension,
        ActionSpace actionSpace,
        float[] observations,
        float[] nextObservations,
        float[] actions,
        float[] rewards,
        bool[] terminals,
        bool[] truncations,
        string? tag = null)
    {
        ArgumentNullException.ThrowIfNull(environmentId);
        ArgumentNullException.ThrowIfNull(actionSpace);
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(nextObservations);
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(rewards);
        ArgumentNullException.ThrowIfNull(terminals);
        ArgumentNullException.ThrowIfNull(truncations);
        var length = rewards.Length;
        if (observations.Length != length * observationDimension || nextObservations.Length != length * observationDimension ||
            actions.Length != length * actionSpace.Dimension || terminals.Length != length || truncations.Length != length)
        {
            throw new ArgumentException(
                $"{environmentId}: episode arrays disagree: {length} rewards, {observations.Length} observation values, " +
                $"{nextObservations.Length} next-observation values, {actions.Length} action values, {terminals.Length} terminals, {truncations.Length} truncations.");
        }

        EnvironmentId = environmentId;
        ObservationDimension = observationDimension;
        ActionSpace = actionSpace;
        Observations = observations;
        NextObservations = nextObservations;
        Actions = actions;
        Rewards = rewards;
        Terminals = terminals;
        Truncations = truncations;
        Tag = tag;
        if (actionSpace.IsDiscrete)
        {
            DiscreteActions = Array.ConvertAll(actions, a => (int)a);
        }
    }

    /// <summary>The environment id.</summary>
    public string EnvironmentId { get; }

    /// <summary>Width of one observation.</summary>
    public int ObservationDimension { get; }

    /// <summary>The action space.</summary>
    public ActionSpace ActionSpace { get; }

    /// <summary>Number of steps.</summary>
    public int Length => Rewards.Length;

    /// <summary>Observations before each step, row-major.</summary>
    public float[] Observations { get; }

    /// <summary>Observations after each step, row-major.</summary>
    public float[] NextObservations { get; }

    /// <summary>Actions, row-major; for discrete spaces one value per step, the index.</summary>
    public float[] Actions { get; }

    /// <summary>The action indices for discrete spaces; null for continuous ones.</summary>
    public int[]? DiscreteActions { get; }

    /// <summary>Rewards per step (float32, as datasets store them).</summary>
    public float[] Rewards { get; }

    /// <summary>True on a step after which the MDP ended.</summary>
    public bool[] Terminals { get; }

    /// <summary>True on a step after which the episode was cut (time limit or the recipe's stop) with future value left.</summary>
    public bool[] Truncations { get; }

    /// <summary>A free label, for example the stitching segment.</summary>
    public string? Tag { get; }

    /// <summary>The undiscounted return, summed in float64.</summary>
    public double Return
    {
        get
        {
            var total = 0.0;
            foreach (var r in Rewards)
            {
                total += r;
            }

            return total;
        }
    }

    /// <summary>True when the last step is terminal.</summary>
    public bool EndsTerminal => Length > 0 && Terminals[^1];

    /// <summary>The observation before step <paramref name="step"/>.</summary>
    /// <param name="step">The step.</param>
    /// <returns>A view of the observation.</returns>
    public ReadOnlySpan<float> ObservationAt(int step) => Observations.AsSpan(step * ObservationDimension, ObservationDimension);

    /// <summary>The observation after step <paramref name="step"/>.</summary>
    /// <param name="step">The step.</param>
    /// <returns>A view of the observation.</returns>
    public ReadOnlySpan<float> NextObservationAt(int step) => NextObservations.AsSpan(step * ObservationDimension, ObservationDimension);
}
