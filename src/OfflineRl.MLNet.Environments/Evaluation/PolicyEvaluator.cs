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
    /// arguments give the same result. An <paramref name="act"/> that returns h·n values for an environment of n-value actions
    /// is an action-chunk policy: its h actions are executed open-loop, first to last (fewer when the episode ends), before it
    /// is asked again.
    /// </summary>
    /// <param name="act">Maps a raw observation (environment units) to an action, or to a chunk of actions one after another (discrete: the index as a float).</param>
    /// <param name="environmentId">An id from <see cref="EnvironmentCatalog.Ids"/>.</param>
    /// <param name="episodes">The number of episodes.</param>
    /// <param name="seed">The evaluation seed.</param>
    /// <exception cref="ArgumentException">When <paramref name="act"/> comes from <see cref="PolicyActors"/> and its policy's observation width is not the environment's.</exception>
    public static EvaluationResult Evaluate(Func<float[], float[]> act, string environmentId, int episodes = DefaultEpisodes, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(act);
        ArgumentOutOfRangeException.ThrowIfLessThan(episodes, 1);
        var id = EnvironmentCatalog.Canonical(environmentId);
        var environment = EnvironmentCatalog.Create(id);
        CheckObservationWidth(act, id, environment.ObservationDimension);
        var hasGoal = EpisodeDatasets.IsStitching(id);
        var returns = new double[episodes];
        var lengths = 0L;
        var successes = 0;
        for (var i = 0; i < episodes; i++)
        {
            var observation = environment.Reset(EpisodeSeed(seed, i));
            var total = 0.0;
            var done = false;
            while (!done)
            {
                var chunk = act(observation);
                var n = environment.ActionSpace.Dimension;
                if (chunk is null || chunk.Length == 0 || chunk.Length % n != 0)
                {
                    throw new InvalidOperationException(
                        $"{id}: the policy returned {chunk?.Length ?? 0} action values; the environment takes {n} (or a chunk of h·{n}).");
                }

                for (var k = 0; k < chunk.Length / n && !done; k++)
                {
                    var result = environment.Step(chunk.Length == n ? chunk : chunk[(k * n)..((k + 1) * n)]);
                    total += result.Reward;
                    lengths++;
                    done = result.Done;
                    if (done)
                    {
                        successes += (environment is IGoalEnvironment goal ? goal.ReachedGoal : result.Terminated) ? 1 : 0;
                    }

                    observation = result.Observation;
                }
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

    /// <summary>
    /// Refuses a library policy whose observation width is not the environment's, naming both sides; without it the
    /// policy's own batch check would answer in terms of rows and values.
    /// </summary>
    private static void CheckObservationWidth(Func<float[], float[]> act, string id, int environmentWidth)
    {
        if (act.Target is PolicyActor actor && actor.ObservationDimension != environmentWidth)
        {
            throw new ArgumentException(
                $"Observation role: the policy expects {actor.ObservationDimension} observation values but the environment {id} gives {environmentWidth}; " +
                $"evaluate it in an environment of {actor.ObservationDimension} observation values (the one its training data came from), " +
                $"or train a policy on {id} data.", nameof(act));
        }
    }

    /// <summary>The reset seed of evaluation episode <paramref name="index"/>.</summary>
    /// <param name="seed">The evaluation seed.</param>
    /// <param name="index">The episode index.</param>
    public static int EpisodeSeed(int seed, int index) => unchecked((int)SeededRandom.Derive(seed, index));
}
