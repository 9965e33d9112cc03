using Microsoft.ML;
using Microsoft.ML.Data;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Evaluation;
using OfflineRl.MLNet.Policies;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Tests.Evaluation;

public sealed class OffPolicyEvaluationTests
{
    // The one-step bandit: one state, three actions with mean rewards 0, 1, 2 (plus Gaussian noise, sd 1), logged with
    // known propensities β = (0.5, 0.3, 0.2). The target policy π = (0.1, 0.2, 0.7) is worth 0·0.1 + 1·0.2 + 2·0.7 = 1.6.
    private static readonly double[] Behavior = [0.5, 0.3, 0.2];
    private static readonly double[] Target = [0.1, 0.2, 0.7];
    private const double TrueValue = 1.6;

    private sealed class BanditRow
    {
        public long EpisodeId { get; set; }

        [VectorType(1)]
        public float[] Observation { get; set; } = [1f];

        public int Action { get; set; }

        public float Reward { get; set; }

        public bool IsTerminal { get; set; } = true;

        public float Propensity { get; set; }

        public int Step { get; set; }
    }

    private sealed class LoggedRow
    {
        public long EpisodeId { get; set; }

        [VectorType(1)]
        public float[] Observation { get; set; } = [1f];

        public int Action { get; set; }

        public float Reward { get; set; }

        public bool IsTerminal { get; set; } = true;

        public double BehaviorLogProbability { get; set; }

        public float Propensity { get; set; } = 0.999f;
    }

    private sealed class BareRow
    {
        public long EpisodeId { get; set; }

        [VectorType(1)]
        public float[] Observation { get; set; } = [1f];

        public int Action { get; set; }

        public float Reward { get; set; }

        public bool IsTerminal { get; set; } = true;
    }

    private static List<BanditRow> Bandit(int episodes, int seed)
    {
        var random = new Random(seed);
        var rows = new List<BanditRow>();
        for (var e = 0; e < episodes; e++)
        {
            var u = random.NextDouble();
            var a = u < Behavior[0] ? 0 : u < Behavior[0] + Behavior[1] ? 1 : 2;
            var noise = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            rows.Add(new BanditRow { EpisodeId = e, Action = a, Reward = (float)(a + noise), Propensity = (float)Behavior[a] });
        }

        return rows;
    }

    private static OffPolicyEvaluationOptions Small(TargetPolicyActions actions = TargetPolicyActions.Stochastic) => new()
    {
        TargetActions = actions,
        Seed = 1,
        FittedQ = { Steps = 1_500, BatchSize = 64, HiddenSizes = [16, 16], LearningRate = 3e-3f },
    };

    [Fact]
    public void Bandit_estimates_cover_the_true_value_and_DR_varies_less_than_IS()
    {
        var rows = Bandit(2_000, seed: 7);
        var ml = new MLContext(0);
        var data = ml.Data.LoadFromEnumerable(rows);
        var metrics = ml.OfflineRL().Evaluate(TablePolicy.Categorical(1, Target), data, Small());

        // IS on this data, computed directly: mean of π(a)/β(a)·r.
        var oracle = rows.Average(r => Target[r.Action] / (double)(float)Behavior[r.Action] * r.Reward);
        Assert.Equal(oracle, metrics.ImportanceSampling!.Value, 6);
        Assert.Equal(BehaviorPolicySource.LoggedPropensity, metrics.BehaviorSource);
        Assert.Equal(2_000, metrics.Episodes);
        foreach (var estimate in new[] { metrics.ImportanceSampling, metrics.WeightedImportanceSampling, metrics.DoublyRobust, metrics.WeightedDoublyRobust })
        {
            Assert.NotNull(estimate);
            Assert.InRange(TrueValue, estimate.Lower, estimate.Upper);
            Assert.InRange(TrueValue, estimate.BcaLower ?? estimate.Lower, estimate.BcaUpper ?? estimate.Upper);
        }

        // FQE's interval reflects only the spread of initial states (one state here: none), not the critic's error.
        Assert.InRange(metrics.FittedQ!.Value, TrueValue - 0.15, TrueValue + 0.15);
        Assert.Equal(0, metrics.FittedQ.StandardError, 9);
        Assert.True(metrics.DoublyRobust!.StandardError < metrics.ImportanceSampling.StandardError,
            $"DR's standard error {metrics.DoublyRobust.StandardError} should be below IS's {metrics.ImportanceSampling.StandardError}");
        // One-step episodes: per-decision IS is IS, weighted per-decision IS is weighted IS.
        Assert.Equal(metrics.ImportanceSampling.Value, metrics.PerDecisionImportanceSampling!.Value, 9);
        Assert.Equal(metrics.WeightedImportanceSampling!.Value, metrics.WeightedPerDecisionImportanceSampling!.Value, 9);
        // The behaviour policy's own value: 0·0.5 + 1·0.3 + 2·0.2 = 0.7.
        Assert.InRange(0.7, metrics.Logged.Lower, metrics.Logged.Upper);
        // Weights π/β ∈ {0.2, 0.667, 3.5}: ESS = (Σw)²/Σw² ≈ n·(E w)²/E w² = n·1/(0.5·0.04 + 0.3·0.444 + 0.2·12.25) ≈ 0.383·n.
        Assert.InRange(metrics.EffectiveSampleSizeFraction!.Value, 0.34, 0.43);
        Assert.Empty(metrics.Warnings);
    }

    [Fact]
    public void Fqe_refit_on_resamples_gives_an_interval_with_the_critics_error_that_covers_the_bandit_value()
    {
        var ml = new MLContext(0);
        var data = ml.Data.LoadFromEnumerable(Bandit(2_000, seed: 7));
        var one = ml.OfflineRL().Evaluate(TablePolicy.Categorical(1, Target), data, Small());
        var options = Small();
        options.FittedQ.Refits = 20;
        var refit = ml.OfflineRL().Evaluate(TablePolicy.Categorical(1, Target), data, options);

        // The point estimate is the same critic; only the interval changes. One state: without refits a zero-width
        // interval, with them the spread of 20 critics. The regression's own standard error on 2,000 rows is
        // σ·√(Σ π(a)²/(n·β(a))) = √(0.01/1000 + 0.04/600 + 0.49/400) ≈ 0.036.
        Assert.Equal(0, one.FittedQRefits);
        Assert.Equal(20, refit.FittedQRefits);
        Assert.Equal(one.FittedQ!.Value, refit.FittedQ!.Value);
        Assert.Equal(0, one.FittedQ.StandardError, 9);
        Assert.InRange(refit.FittedQ.StandardError, 0.015, 0.12);
        Assert.InRange(TrueValue, refit.FittedQ.Lower, refit.FittedQ.Upper);
        Assert.Null(refit.FittedQ.BcaLower);
        Assert.Equal(one.ImportanceSampling!.Upper, refit.ImportanceSampling!.Upper); // the other estimators are untouched
    }

    [Fact]
    public void Fqe_on_two_threads_gives_the_one_thread_estimate_up_to_rounding_and_repeats_itself()
    {
        var ml = new MLContext(0);
        var data = ml.Data.LoadFromEnumerable(Bandit(2_000, seed: 7));
        OffPolicyEvaluationOptions Options(int threads)
        {
            var options = Small();
            // Wide enough and a batch large enough that the critic's rows are split between the threads.
            options.FittedQ.HiddenSizes = [128, 128];
            options.FittedQ.BatchSize = 256;
            options.FittedQ.Steps = 600;
            options.FittedQ.LearningRate = 1e-3f;
            options.FittedQ.Threads = threads;
            return options;
        }

        var one = ml.OfflineRL().Evaluate(TablePolicy.Categorical(1, Target), data, Options(1)).FittedQ!.Value;
        var two = ml.OfflineRL().Evaluate(TablePolicy.Categorical(1, Target), data, Options(2)).FittedQ!.Value;
        var twoAgain = ml.OfflineRL().Evaluate(TablePolicy.Categorical(1, Target), data, Options(2)).FittedQ!.Value;

        Assert.Equal(two, twoAgain);
        Assert.InRange(two - one, -1e-3, 1e-3);
        Assert.InRange(two, TrueValue - 0.15, TrueValue + 0.15);
        var bad = Options(0);
        var error = Assert.Throws<InvalidOptionsException>(() => bad.Validate());
        Assert.Contains("FittedQ.Threads must be in [1, 256] (got 0)", error.Message);
    }

    [Fact]
    public void Several_policies_rank_by_each_estimator_with_the_same_estimates_as_one_at_a_time()
    {
        // Worth 1.6, 0.4 and 1.0 on the bandit; "copy" is the best policy again, so the data cannot tell it from the best.
        var policies = new Dictionary<string, IPolicy>
        {
            ["worst"] = TablePolicy.Categorical(1, [0.7, 0.2, 0.1]),
            ["best"] = TablePolicy.Categorical(1, Target),
            ["uniform"] = TablePolicy.Categorical(1, [1 / 3.0, 1 / 3.0, 1 / 3.0]),
            ["copy"] = TablePolicy.Categorical(1, Target),
        };
        var ml = new MLContext(0);
        var data = ml.Data.LoadFromEnumerable(Bandit(2_000, seed: 7));
        var options = new OffPolicyEvaluationOptions { TargetActions = TargetPolicyActions.Stochastic, Seed = 1, FittedQ = { Enabled = false } };
        var ranking = ml.OfflineRL().Rank(policies, data, options);

        Assert.Equal(["worst", "best", "uniform", "copy"], ranking.Policies);
        Assert.Equal(["IS", "WIS", "PDIS", "WPDIS"], ranking.Estimators);
        var single = ml.OfflineRL().Evaluate(policies["uniform"], data, options);
        Assert.Equal(single.WeightedImportanceSampling!.Value, ranking.Metrics["uniform"].WeightedImportanceSampling!.Value, 12);
        Assert.Equal(single.WeightedImportanceSampling.Lower, ranking.Metrics["uniform"].WeightedImportanceSampling!.Lower, 12);

        var byWis = ranking.By("WIS");
        Assert.Equal(["best", "copy", "uniform", "worst"], byWis.Select(r => r.Policy));
        Assert.Equal([1, 2, 3, 4], byWis.Select(r => r.Rank));
        Assert.Equal([true, true, false, false], byWis.Select(r => r.OverlapsBest));
        Assert.InRange(byWis[2].Estimate.Value, 0.85, 1.15);
        Assert.InRange(byWis[3].Estimate.Value, 0.25, 0.55);
        Assert.StartsWith("WIS: best 1.", ranking.Describe("WIS"), StringComparison.Ordinal);
        Assert.Contains("copy", ranking.Describe("WIS"), StringComparison.Ordinal);

        var error = Assert.Throws<ArgumentException>(() => ranking.By("FQE"));
        Assert.Contains("IS, WIS, PDIS, WPDIS", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ml.OfflineRL().Rank(new Dictionary<string, IPolicy>(), data, options));
    }

    [Fact]
    public void The_log_probability_column_is_preferred_and_a_missing_one_fits_behavior_cloning()
    {
        var ml = new MLContext(0);
        var rows = Bandit(400, seed: 3);
        var logged = ml.Data.LoadFromEnumerable(rows.Select(r => new LoggedRow { EpisodeId = r.EpisodeId, Action = r.Action, Reward = r.Reward, BehaviorLogProbability = Math.Log(r.Propensity) }));
        var options = Small();
        options.FittedQ.Enabled = false;
        var fromLog = ml.OfflineRL().Evaluate(TablePolicy.Categorical(1, Target), logged, options);
        Assert.Equal(BehaviorPolicySource.LoggedLogProbability, fromLog.BehaviorSource);
        var fromPropensity = ml.OfflineRL().Evaluate(TablePolicy.Categorical(1, Target), ml.Data.LoadFromEnumerable(rows), options);
        Assert.Equal(fromPropensity.ImportanceSampling!.Value, fromLog.ImportanceSampling!.Value, 5);

        var bare = ml.Data.LoadFromEnumerable(rows.Select(r => new BareRow { EpisodeId = r.EpisodeId, Action = r.Action, Reward = r.Reward }));
        options.BehaviorCloningSteps = 300;
        var fitted = ml.OfflineRL().Evaluate(TablePolicy.Categorical(1, Target), bare, options);
        Assert.Equal(BehaviorPolicySource.FittedBehaviorCloning, fitted.BehaviorSource);
        Assert.Null(fitted.FittedQ);
        // A fitted β is near the logged frequencies, so IS lands near the logged-propensity IS.
        Assert.InRange(fitted.ImportanceSampling!.Value, fromPropensity.ImportanceSampling.Value - 0.3, fromPropensity.ImportanceSampling.Value + 0.3);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(1.5f)]
    [InlineData(float.NaN)]
    public void Propensities_outside_zero_one_are_refused(float bad)
    {
        var rows = Bandit(20, seed: 1);
        rows[7].Propensity = bad;
        var ml = new MLContext(0);
        var ex = Assert.Throws<DatasetValidationException>(() => ml.OfflineRL().Evaluate(TablePolicy.Categorical(1, Target), ml.Data.LoadFromEnumerable(rows), Small()));
        Assert.Contains("propensities must be in (0, 1]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("episode 7", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_policy_that_never_takes_a_logged_action_is_refused()
    {
        // Greedy π always takes action 2; the data logs only actions 0 and 1.
        var rows = Bandit(50, seed: 2).Where(r => r.Action != 2).ToList();
        var ml = new MLContext(0);
        var options = Small(TargetPolicyActions.Greedy);
        options.LoadOptions = new DatasetLoadOptions { DiscreteActionCount = 3 };
        var ex = Assert.Throws<InvalidOperationException>(() => ml.OfflineRL().Evaluate(TablePolicy.Categorical(1, Target), ml.Data.LoadFromEnumerable(rows), options));
        Assert.Contains("never takes a logged action", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Episodes_that_do_not_start_at_step_zero_are_refused()
    {
        var rows = Bandit(10, seed: 2);
        rows[4].Step = 3;
        var ml = new MLContext(0);
        var ex = Assert.Throws<InvalidOperationException>(() => ml.OfflineRL().Evaluate(TablePolicy.Categorical(1, Target), ml.Data.LoadFromEnumerable(rows), Small()));
        Assert.Contains("1 of 10 episodes do not start at step 0 (episode 4 begins at Step 3)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fqe_values_a_two_step_chain_discrete_and_continuous()
    {
        // Two steps per episode, γ = 0.9; the next state does not depend on the action. Discrete: action 1 pays 1, action 0
        // pays 0, logged uniformly; greedy π takes 1: V(s₀) = 1 + 0.9·1 = 1.9. Continuous: reward = a for a ∈ [−1, 1]
        // logged uniformly; π takes 0.5: V(s₀) = 0.5 + 0.9·0.5 = 0.95.
        var random = new Random(5);
        var discrete = new TrajectoryDatasetBuilder("chain", 1);
        var continuous = new TrajectoryDatasetBuilder("chain-continuous", 1);
        for (var e = 0; e < 300; e++)
        {
            for (var t = 0; t < 2; t++)
            {
                var a = random.Next(2);
                discrete.AddStep(e, [t], a, a, isTerminal: t == 1, isTruncated: false);
                var x = (float)((2 * random.NextDouble()) - 1);
                continuous.AddStep(e, [t], [x], x, isTerminal: t == 1, isTruncated: false);
            }
        }

        var ml = new MLContext(0);
        var options = Small(TargetPolicyActions.Greedy);
        (options.Discount, options.FittedQ.Steps, options.BootstrapResamples) = (0.9f, 3_000, 200);
        var d = ml.OfflineRL().Evaluate(TablePolicy.Categorical(1, 0.2, 0.8), discrete.Build(new DatasetLoadOptions { DiscreteActionCount = 2 }), options);
        Assert.Equal(1.9, d.FittedQ!.Value, 1);
        Assert.InRange(d.DoublyRobust!.Value, 1.8, 2.0);
        Assert.Equal(BehaviorPolicySource.FittedBehaviorCloning, d.BehaviorSource);

        var c = ml.OfflineRL().Evaluate(TablePolicy.Deterministic(1, 0.5f), continuous.Build(new DatasetLoadOptions { ActionLow = [-1f], ActionHigh = [1f] }), options);
        Assert.InRange(c.FittedQ!.Value, 0.85, 1.05);
        Assert.Null(c.ImportanceSampling);
        Assert.Null(c.BehaviorSource);
        Assert.Contains(c.Warnings, w => w.Contains("no density", StringComparison.Ordinal));
    }

    [Fact]
    public void Fqe_targets_are_clipped_to_the_range_of_discounted_returns()
    {
        // Rewards in [−1, 2] at γ = 0.9: every return lies in [−1/(1 − 0.9), 2/(1 − 0.9)] = [−10, 20]; at γ = 1, times the
        // longest episode (7 steps). Rewards all positive: the lower end is 0 (an episode may end at once).
        Assert.Equal((-10, 20), Round(FittedQEvaluation.ValueBounds([-1f, 0.5f, 2f], 0.9f)));
        Assert.Equal((-7, 14), Round(FittedQEvaluation.ValueBounds([-1f, 2f], 1f, longestEpisode: 7)));
        Assert.Equal((0, 30), Round(FittedQEvaluation.ValueBounds([1f, 3f], 0.9f)));

        static (double, double) Round((double Low, double High) b) => (Math.Round(b.Low, 4), Math.Round(b.High, 4)); // γ is float32
    }
}
