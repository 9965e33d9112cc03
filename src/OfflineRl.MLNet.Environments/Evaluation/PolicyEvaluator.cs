using OfflineRl.MLNet.Environments;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Evaluation;

/// <summary>Runs a policy in an environment for seeded episodes and scores it against the recorded reference returns.</summary>
public static class PolicyEvaluator
{
    /// <summary>The default number of evaluation episodes.</summary>
    public const int DefaultEpisodes = 20;

    /// <summary>
    /// Runs <paramref name="episodes"/> episodes of <paramref name="environmentId"/> (default time limit), acting greedily with
    /// <paramref name="act"/>; episode <c>i</c> is reset with a seed derived from <paramref name="seed"/> and <c>i</c>, so the same
    /// arguments give the same result.
    /// </summary>
    /// <param name="act">Maps a raw observation (environment units) to an action (discrete: the index as a float).</param>
    /// <param name="environmentId">An id from <see cref="EnvironmentCatalog.Ids"/>.</param>
    /// <param name="episodes">The number of episodes.</param>
    /// <param name="seed">The evaluation seed.</param>
    public static EvaluationResult Evaluate(Func<float[], float[]> act, string environmentId, int episodes = DefaultEpisodes, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(act);
        ArgumentOutOfRangeException.ThrowIfLessThan(episodes, 1);
        var id = EnvironmentCatalog.Canonical(environmentId);
        var environment = EnvironmentCatalog.Create(id);
        var hasGoal = EpisodeDatasets.IsStitching(id);
        var returns = new double[episodes];
        var lengths = 0L;
        var successes = 0;
        for (var i = 0; i < episodes; i++)
        {
            var observation = environment.Reset(EpisodeSeed(seed, i));
            var total = 0.0;
            while (true)
            {
                var action = act(observation);
                if (action is null || action.Length != environment.ActionSpace.Dimension)
                {
                    throw new InvalidOperationException(
                        $"{id}: the policy returned {action?.Length ?? 0} action values; the environment takes {environment.ActionSpace.Dimension}.");
                }

                var result = environment.Step(action);
                total += result.Reward;
                lengths++;
                if (result.Done)
                {
                    successes += (environment is IGoalEnvironment goal ? goal.ReachedGoal : result.Terminated) ? 1 : 0;
                    break;
                }

                observation = result.Observation;
            }

            returns[i] = total;
        }

        var mean = returns.Average();
        var variance = returns.Sum(r => (r - mean) * (r - mean)) / episodes;
        return new EvaluationResult(
            id,
            episodes,
            seed,
            mean,
            Math.Sqrt(variance),
            lengths / (double)episodes,
            ReferenceReturns.NormalizedScore(id, mean),
            hasGoal ? successes / (double)episodes : null,
            returns);
    }

    /// <summary>The reset seed of evaluation episode <paramref name="index"/>.</summary>
    /// <param name="seed">The evaluation seed.</param>
    /// <param name="index">The episode index.</param>
    public static int EpisodeSeed(int seed, int index) => unchecked((int)SeededRandom.Derive(seed, index));
}
