using OfflineRl.MLNet.Evaluation;
using OfflineRl.MLNet.Policies;

namespace OfflineRl.MLNet.Environments.Tests.Evaluation;

public sealed class OffPolicyCheckTests
{
    /// <summary>A policy that always takes one grid action.</summary>
    private sealed class ConstantPolicy(int observationDimension, GridAction move) : IPolicy
    {
        public PolicyKind Kind => PolicyKind.Categorical;

        public int ObservationDimension => observationDimension;

        public int ActionDimension => 1;

        public int ActionCount => 4;

        public PolicyPreprocessing Preprocessing => PolicyPreprocessing.Identity;

        public void Act(ReadOnlySpan<float> observation, Span<float> action) => Act(observation, 1, action);

        public void Act(ReadOnlySpan<float> observations, int batch, Span<float> actions) => actions.Slice(0, batch).Fill((int)move);

        public float LogProb(ReadOnlySpan<float> observation, ReadOnlySpan<float> action) => (int)action[0] == (int)move ? 0 : float.NegativeInfinity;

        public void LogProb(ReadOnlySpan<float> observations, ReadOnlySpan<float> actions, int batch, Span<float> logProbs)
        {
            for (var i = 0; i < batch; i++)
            {
                logProbs[i] = (int)actions[i] == (int)move ? 0 : float.NegativeInfinity;
            }
        }

        public void Save(string path) => throw new NotSupportedException();
    }

    [Fact]
    public void True_value_is_the_discounted_return_of_the_greedy_rollouts()
    {
        // StitchFork's row "esbbG": from the start, left reaches the safe exit (0.5) at once; right passes the junction and the
        // bridge and reaches the goal (1) on the third step: γ²·1 = 0.81 at γ = 0.9. The task is deterministic: no spread.
        var obs = EnvironmentCatalog.Create(EnvironmentCatalog.StitchFork).ObservationDimension;
        var left = OffPolicyCheck.TrueValue(new ConstantPolicy(obs, GridAction.Left), EnvironmentCatalog.StitchFork, 0.9f, 5, 0);
        Assert.Equal(0.5, left.Value, 9);
        Assert.Equal(0, left.StandardError, 9);
        var right = OffPolicyCheck.TrueValue(new ConstantPolicy(obs, GridAction.Right), EnvironmentCatalog.StitchFork, 0.9f, 5, 0);
        Assert.Equal(0.81, right.Value, 6);
        Assert.Equal(1, right.MeanReturn, 9);
    }
}
