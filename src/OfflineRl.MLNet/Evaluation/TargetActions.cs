using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Policies;

namespace OfflineRl.MLNet.Evaluation;

/// <summary>
/// The target policy's actions at a set of states, as K candidate actions per state with their probabilities, so that
/// E_{a∼π(·|s)}[f(a)] = Σ_k p_k·f(a_k): the greedy action (K = 1), every discrete action with π(a|s), or K actions
/// drawn from a continuous policy, each with probability 1/K.
/// </summary>
internal sealed class TargetActions
{
    private TargetActions(int count, int candidates, int actionDimension)
    {
        Count = count;
        Candidates = candidates;
        ActionDimension = actionDimension;
        Actions = new float[count * candidates * actionDimension];
        Probabilities = new float[count * candidates];
    }

    public int Count { get; }

    /// <summary>K, the candidates per state.</summary>
    public int Candidates { get; }

    public int ActionDimension { get; }

    /// <summary>Count × K actions in environment units (discrete: the index).</summary>
    public float[] Actions { get; }

    /// <summary>Count × K probabilities, summing to 1 per state.</summary>
    public float[] Probabilities { get; }

    /// <summary>The candidates of <paramref name="policy"/> at <paramref name="count"/> raw observations.</summary>
    public static TargetActions Of(IPolicy policy, ReadOnlySpan<float> observations, int count, ActionSpace space, TargetPolicyActions mode, int samples, int seed)
    {
        var d = policy.ObservationDimension;
        var a = space.Dimension;
        if (mode == TargetPolicyActions.Greedy)
        {
            var greedy = new TargetActions(count, 1, a);
            policy.Act(observations, count, greedy.Actions);
            Array.Fill(greedy.Probabilities, 1f);
            return greedy;
        }

        if (space.IsDiscrete)
        {
            var n = space.Count;
            var all = new TargetActions(count, n, 1);
            var repeated = new float[count * n * d];
            for (var i = 0; i < count; i++)
            {
                for (var k = 0; k < n; k++)
                {
                    observations.Slice(i * d, d).CopyTo(repeated.AsSpan(((i * n) + k) * d, d));
                    all.Actions[(i * n) + k] = k;
                }
            }

            var logProbs = new float[count * n];
            policy.LogProb(repeated, all.Actions, count * n, logProbs);
            for (var i = 0; i < count; i++)
            {
                double total = 0;
                for (var k = 0; k < n; k++)
                {
                    total += Math.Exp(logProbs[(i * n) + k]);
                }

                for (var k = 0; k < n; k++)
                {
                    all.Probabilities[(i * n) + k] = (float)(Math.Exp(logProbs[(i * n) + k]) / total);
                }
            }

            return all;
        }

        if (policy is not Policy sampled)
        {
            throw new NotSupportedException($"Drawing actions from a {policy.GetType().Name} is not supported: a stochastic continuous target must be a library Policy.");
        }

        var drawn = new TargetActions(count, samples, a);
        var sampler = new PolicySampler(sampled, seed);
        for (var i = 0; i < count; i++)
        {
            for (var k = 0; k < samples; k++)
            {
                sampler.Sample(observations.Slice(i * d, d), drawn.Actions.AsSpan(((i * samples) + k) * a, a));
            }
        }

        Array.Fill(drawn.Probabilities, 1f / samples);
        return drawn;
    }
}
