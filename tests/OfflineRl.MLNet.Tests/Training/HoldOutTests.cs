using System.Globalization;
using Microsoft.ML;
using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Algorithms.Iql;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Tests.Algorithms;
using OfflineRl.MLNet.Trainers;
using OfflineRl.MLNet.Training;

namespace OfflineRl.MLNet.Tests.Training;

/// <summary>Held-out episodes (<see cref="TrainerOptions.ValidationFraction"/>), their losses, and the large-budget warning.</summary>
public sealed class HoldOutTests
{
    [Theory]
    [InlineData(0.1, 1)]
    [InlineData(0.25, 7)]
    [InlineData(0.5, 42)]
    [InlineData(0.9, -3)]
    public void The_split_is_by_whole_episodes_never_both_sides_and_the_same_for_a_seed(double fraction, int seed)
    {
        var data = Episodes(30, seed: 5);
        var (training, validation) = EpisodeSplit.Split(data, fraction, seed);

        var trainingIds = training.EpisodeIds.ToArray();
        var validationIds = validation.EpisodeIds.ToArray();
        Assert.Empty(trainingIds.Intersect(validationIds));
        Assert.Equal(data.EpisodeIds.ToArray().Order(), trainingIds.Concat(validationIds).Order());
        Assert.Equal((int)Math.Round(fraction * 30, MidpointRounding.AwayFromZero), validationIds.Length);

        // Every held-out episode comes whole: its rows are the original episode's rows.
        Assert.Equal(data.Count, training.Count + validation.Count);
        foreach (var ep in validation.Episodes)
        {
            var original = data.Episodes.Single(e => e.Id == ep.Id);
            Assert.Equal(original.Length, ep.Length);
            Assert.Equal(data.Observations.Slice(original.Start * 3, original.Length * 3).ToArray(), validation.Observations.Slice(ep.Start * 3, ep.Length * 3).ToArray());
            Assert.Equal(data.DiscreteActions.Slice(original.Start, original.Length).ToArray(), validation.DiscreteActions.Slice(ep.Start, ep.Length).ToArray());
        }

        // Reproducible per seed; another seed holds out other episodes.
        var again = EpisodeSplit.Split(data, fraction, seed).Validation;
        Assert.Equal(validationIds, again.EpisodeIds.ToArray());
        var other = EpisodeSplit.Split(data, fraction, seed + 1).Validation;
        Assert.NotEqual(validationIds, other.EpisodeIds.ToArray());
    }

    [Fact]
    public void The_held_out_episodes_are_the_same_on_every_machine()
    {
        // SplitMix64 and Fisher–Yates are exact integer arithmetic; these positions were checked by a Python restatement.
        Assert.Equal([6, 7, 8], EpisodeSplit.HeldOutEpisodes(10, 0.3, seed: 0, "x"));
    }

    [Fact]
    public void Bc_logs_the_held_out_negative_log_likelihood_and_it_equals_one_computed_from_the_model()
    {
        var ml = new MLContext(0);
        var data = Episodes(24, seed: 3);
        var reports = new List<TrainingProgress>();
        var log = Path.Combine(Path.GetTempPath(), "offlinerl-holdout", Guid.NewGuid().ToString("N"), "log.csv");
        var options = new BehaviorCloningOptions
        {
            Steps = 60,
            BatchSize = 32,
            HiddenSizes = [16],
            LearningRate = 3e-3f,
            Seed = 11,
            ValidationFraction = 0.25f,
            Run = new RunOptions { ReportEvery = 20, Progress = new InlineProgress(reports.Add), LogPath = log },
        };
        var fitted = ml.OfflineRL().Trainers.BehaviorCloning(options).Fit(data);

        // At the cadence of the training losses, beside them.
        Assert.Equal([20, 40, 60], reports.Select(r => r.Step));
        Assert.All(reports, r => Assert.Equal([HeldOutLosses.PolicyLoss], r.ValidationLosses.Keys));
        Assert.NotEqual(reports[0].ValidationLosses["policy"], reports[^1].ValidationLosses["policy"]);

        // Independently: −mean log p(a) over the held-out episodes' steps, from the probabilities the trained model outputs.
        var heldOut = data.SelectEpisodes(EpisodeSplit.HeldOutEpisodes(data.EpisodeCount, 0.25f, 11, data.Source));
        Assert.Equal(6, heldOut.EpisodeCount);
        var probabilities = ml.Data.CreateEnumerable<Probabilities>(fitted.Transform(heldOut), reuseRowObject: false).ToArray();
        var actions = heldOut.DiscreteActions.ToArray();
        var nll = -probabilities.Select((p, i) => Math.Log(p.ActionProbabilities[actions[i]])).Average();
        Assert.Equal(nll, reports[^1].ValidationLosses["policy"], 1e-4 * nll);

        // The CSV log has the column, with the same numbers.
        var lines = File.ReadAllLines(log);
        var header = lines[0].Split(',');
        Assert.Equal(["step", "policy", "val_policy", "lr_policy", "steps_per_second"], header);
        Assert.Equal(reports[^1].ValidationLosses["policy"], double.Parse(lines[^1].Split(',')[2], CultureInfo.InvariantCulture));
    }

    [Fact]
    public void An_actor_critic_reports_the_critics_td_loss_and_the_actors_likelihood_on_held_out_episodes()
    {
        var reports = new List<TrainingProgress>();
        var options = new IqlOptions
        {
            Steps = 40,
            BatchSize = 32,
            HiddenSizes = [16],
            Seed = 2,
            ValidationFraction = 0.2f,
            Run = new RunOptions { ReportEvery = 20, Progress = new InlineProgress(reports.Add) },
        };
        new MLContext(0).OfflineRL().Trainers.Iql(options).Fit(Episodes(20, seed: 1));
        Assert.All(reports, r =>
        {
            Assert.Equal(["policy", "td"], r.ValidationLosses.Keys.Order());
            Assert.All(r.ValidationLosses.Values, v => Assert.True(double.IsFinite(v) && v >= 0, $"{v}"));
        });
    }

    [Fact]
    public void Scoring_the_held_out_episodes_changes_no_weight()
    {
        // Reports (and so held-out scoring) after every step or only at the end: the same weights, bit for bit.
        float[] FinalLogProbs(int reportEvery)
        {
            var options = new IqlOptions
            {
                Steps = 30,
                BatchSize = 16,
                HiddenSizes = [8],
                Seed = 4,
                ValidationFraction = 0.3f,
                Run = new RunOptions { ReportEvery = reportEvery },
            };
            var data = Episodes(12, seed: 6);
            var policy = new MLContext(0).OfflineRL().Trainers.Iql(options).Fit(data).Policy;
            var logProbs = new float[data.Count];
            var actions = new float[data.Count];
            for (var i = 0; i < data.Count; i++)
            {
                actions[i] = data.DiscreteActions[i];
            }

            policy.LogProb(data.Observations, actions, data.Count, logProbs);
            return logProbs;
        }

        Assert.Equal(FinalLogProbs(30), FinalLogProbs(1));
    }

    [Fact]
    public void Without_a_fraction_nothing_is_held_out_or_logged()
    {
        var reports = new List<TrainingProgress>();
        var options = new BehaviorCloningOptions { Steps = 20, BatchSize = 16, HiddenSizes = [8], Seed = 1, Run = new RunOptions { ReportEvery = 10, Progress = new InlineProgress(reports.Add) } };
        var messages = new List<string>();
        var ml = new MLContext(0);
        ml.Log += (_, e) =>
        {
            lock (messages)
            {
                messages.Add(e.Message);
            }
        };
        ml.OfflineRL().Trainers.BehaviorCloning(options).Fit(Episodes(10, seed: 2));
        Assert.All(reports, r => Assert.Empty(r.ValidationLosses));
        Assert.DoesNotContain(messages, m => m.Contains("held out", StringComparison.Ordinal) || m.Contains("validation", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(1f)]
    [InlineData(1.5f)]
    [InlineData(float.NaN)]
    public void A_fraction_outside_zero_to_one_is_refused_naming_the_option(float fraction)
    {
        var error = Assert.Throws<InvalidOptionsException>(() => new BehaviorCloningOptions { ValidationFraction = fraction }.Validate());
        Assert.Contains("ValidationFraction must be in [0, 1)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.02f, "holds out none", "use at least 0.05 (one episode)")]
    [InlineData(0.98f, "leaving no training episode", "use at most 0.95 (all but one episode)")]
    public void A_fraction_that_leaves_one_side_empty_is_refused_with_what_would_work(float fraction, string problem, string advice)
    {
        var options = new BehaviorCloningOptions { Steps = 1, BatchSize = 4, HiddenSizes = [4], ValidationFraction = fraction };
        var error = Assert.Throws<ArgumentException>(() => new MLContext(0).OfflineRL().Trainers.BehaviorCloning(options).Fit(Episodes(20, seed: 0)));
        Assert.Contains($"a validation fraction of {fraction.ToString(CultureInfo.InvariantCulture)} of 20 episodes", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains(advice, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Large_held_out_data_is_scored_on_its_first_whole_episodes_up_to_the_cap()
    {
        var many = Episodes(3_000, seed: 4);
        Assert.True(many.Count > HeldOutLosses.MaxSteps);
        var scored = new HeldOutLosses(many, 0.99f).Steps;
        Assert.InRange(scored, HeldOutLosses.MaxSteps - 9, HeldOutLosses.MaxSteps);
        Assert.Contains(scored, many.EpisodeOffsets.ToArray()); // whole episodes
        Assert.Equal(Episodes(2, seed: 4).Count, new HeldOutLosses(Episodes(2, seed: 4), 0.99f).Steps);
    }

    [Fact]
    public void One_episode_cannot_be_split()
    {
        var error = Assert.Throws<ArgumentException>(() => EpisodeSplit.HeldOutEpisodes(1, 0.5, 0, "one"));
        Assert.Contains("one episode cannot be split", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    public void The_trainer_warns_when_its_budget_passes_over_the_data_more_than_the_threshold(int extraBatch, bool warns)
    {
        // 20 one-step episodes, 10 steps: a batch of 2·threshold passes over each transition exactly threshold times.
        var batch = (int)(2 * TrainerOptions.LargeBudgetPasses) + extraBatch;
        var ml = new MLContext(0);
        var warnings = LogWarnings.Capture(ml);
        var options = new BehaviorCloningOptions { Steps = 10, BatchSize = batch, HiddenSizes = [4], Seed = 0 };
        ml.OfflineRL().Trainers.BehaviorCloning(options).Fit(BanditData.Discrete(20));
        if (warns)
        {
            var warning = Assert.Single(warnings);
            Assert.Contains($"10 steps × batch {batch} pass over each of the 20 training transitions", warning, StringComparison.Ordinal);
            Assert.Contains($"above {TrainerOptions.LargeBudgetPasses.ToString(CultureInfo.InvariantCulture)}", warning, StringComparison.Ordinal);
            Assert.Contains("ValidationFraction", warning, StringComparison.Ordinal);
        }
        else
        {
            Assert.Empty(warnings);
        }
    }

    /// <summary>Episodes of 2–9 steps with 3-dimensional observations and 3 discrete actions, the action mostly following the first coordinate.</summary>
    internal static TrajectoryDataset Episodes(int count, int seed)
    {
        var rng = new Random(seed);
        var b = new TrajectoryDatasetBuilder("episodes", 3);
        for (var e = 0; e < count; e++)
        {
            var length = rng.Next(2, 10);
            for (var t = 0; t < length; t++)
            {
                float[] obs = [(float)rng.NextDouble() * 3, (float)rng.NextDouble(), t];
                var action = rng.NextDouble() < 0.8 ? Math.Min(2, (int)obs[0]) : rng.Next(3);
                var last = t == length - 1;
                b.AddStep(100 + e, obs, action, (float)rng.NextDouble(), isTerminal: last, isTruncated: false);
            }
        }

        return b.Build(new DatasetLoadOptions { DiscreteActionCount = 3 });
    }

    private sealed class Probabilities
    {
        public float[] ActionProbabilities { get; set; } = [];
    }
}
