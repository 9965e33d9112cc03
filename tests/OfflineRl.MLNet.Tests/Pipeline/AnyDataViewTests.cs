using Microsoft.ML;
using Microsoft.ML.Data;
using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Transforms;

namespace OfflineRl.MLNet.Tests.Pipeline;

/// <summary>
/// Every transform and trainer reads any <see cref="IDataView"/> with the trajectory columns — here ML.NET's own
/// <c>LoadFromEnumerable</c> with other column names and text episode ids — validated as the library's loaders are, and
/// the whole pipeline is reproducible from the <see cref="MLContext"/> seed and reports to <c>mlContext.Log</c>.
/// </summary>
public sealed class AnyDataViewTests
{
    /// <summary>A logged visit as an application would keep it: its own names, text patient ids.</summary>
    public sealed class Visit
    {
        public string Patient { get; set; } = "";

        public int Day { get; set; }

        [VectorType(2)]
        public float[] Vitals { get; set; } = [];

        public int Treatment { get; set; }

        public float Outcome { get; set; }

        public bool Discharged { get; set; }

        public bool LogCut { get; set; }
    }

    private static readonly Visit[] Visits =
    [
        new() { Patient = "p-7", Day = 0, Vitals = [1f, 2f], Treatment = 1, Outcome = 0f },
        new() { Patient = "p-7", Day = 1, Vitals = [1.5f, 2f], Treatment = 0, Outcome = 2f, Discharged = true },
        new() { Patient = "p-3", Day = 0, Vitals = [0f, 0f], Treatment = 2, Outcome = -1f },
        new() { Patient = "p-3", Day = 1, Vitals = [0.5f, 0f], Treatment = 2, Outcome = 3f, LogCut = true },
    ];

    private static T Mapped<T>(T options)
        where T : TrajectoryColumnOptions
    {
        options.EpisodeIdColumnName = nameof(Visit.Patient);
        options.StepColumnName = nameof(Visit.Day);
        options.ObservationColumnName = nameof(Visit.Vitals);
        options.ActionColumnName = nameof(Visit.Treatment);
        options.RewardColumnName = nameof(Visit.Outcome);
        options.IsTerminalColumnName = nameof(Visit.Discharged);
        options.IsTruncatedColumnName = nameof(Visit.LogCut);
        return options;
    }

    [Fact]
    public void Returns_to_go_over_an_ml_net_view_with_mapped_columns_match_hand_computation()
    {
        var ml = new MLContext(0);
        var view = ml.Data.LoadFromEnumerable(Visits);
        var pipeline = ml.OfflineRL().Transforms.ReturnsToGo(Mapped(new ReturnsToGoEstimator.Options { Discount = 0.5f }))
            .Append(ml.Transforms.Concatenate("Features", nameof(Visit.Vitals)));
        var output = pipeline.Fit(view).Transform(view);

        // p-7: G1 = 2, G0 = 0 + 0.5·2 = 1; p-3: G1 = 3, G0 = −1 + 0.5·3 = 0.5. Every input column passes through.
        Assert.Equal(["1", "2", "0.5", "3"], DataViewRows.Rows(output, ColumnNames.ReturnToGo));
        Assert.Equal(["0", "2", "-1", "3"], DataViewRows.Rows(output, nameof(Visit.Outcome)));
        Assert.Equal(DataViewRows.Rows(output, nameof(Visit.Vitals)), DataViewRows.Rows(output, "Features"));
    }

    [Fact]
    public void Filtering_an_ml_net_view_drops_the_rows_of_worse_episodes_and_keeps_every_column()
    {
        var ml = new MLContext(0);
        var view = ml.Data.LoadFromEnumerable(Visits);
        var filter = ml.OfflineRL().Transforms.FilterTrajectories(Mapped(new FilterTrajectoriesEstimator.Options { Criterion = FilterCriterion.TopCount, Value = 1 })).Fit(view);
        var kept = filter.Transform(view);
        Assert.Equal(2, kept.GetRowCount());

        // Returns: p-7 = 2, p-3 = 2 → a tie, broken by order: p-7 (numbered 0 in order of first appearance) is kept.
        Assert.Equal([0L], filter.KeptEpisodeIdsAtFit);
        Assert.Equal(["0", "2"], DataViewRows.Rows(kept, nameof(Visit.Outcome)));
        Assert.Equal(view.Schema.Select(c => c.Name), kept.Schema.Select(c => c.Name));
    }

    [Fact]
    public void A_bad_value_in_an_ml_net_view_is_reported_with_episode_step_and_column()
    {
        var ml = new MLContext(0);
        var bad = Visits.Select(v => new Visit
        {
            Patient = v.Patient,
            Day = v.Day,
            Vitals = v.Vitals,
            Treatment = v.Treatment,
            Discharged = v.Discharged,
            LogCut = v.LogCut,
            Outcome = v.Patient == "p-3" && v.Day == 1 ? float.NaN : v.Outcome,
        }).ToArray();
        var ex = Assert.Throws<DatasetValidationException>(() =>
            ml.OfflineRL().Transforms.ReturnsToGo(Mapped(new ReturnsToGoEstimator.Options())).Fit(ml.Data.LoadFromEnumerable(bad)));
        Assert.Contains("episode 1, step 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Outcome is NaN", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Steps_out_of_order_are_refused_not_reordered()
    {
        var ml = new MLContext(0);
        var swapped = new[] { Visits[1], Visits[0], Visits[2], Visits[3] };
        var ex = Assert.Throws<DatasetValidationException>(() =>
            ml.OfflineRL().Transforms.ReturnsToGo(Mapped(new ReturnsToGoEstimator.Options())).Fit(ml.Data.LoadFromEnumerable(swapped)));
        Assert.Contains("Day", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_context_seed_makes_training_reproducible_and_progress_reaches_the_log()
    {
        var data = WorkoutCases.Data(discrete: true);
        float[] Train(int seed, List<string>? log = null)
        {
            var ml = new MLContext(seed);
            if (log is not null)
            {
                ml.Log += (_, e) => log.Add(e.Message);
            }

            var trainer = ml.OfflineRL().Trainers.BehaviorCloning(new BehaviorCloningOptions { Steps = 200, BatchSize = 32, HiddenSizes = [16], Run = { ReportEvery = 50 } });
            return trainer.Fit(data).Policy.Weights();
        }

        var messages = new List<string>();
        var a = Train(7, messages);
        Assert.Equal(a, Train(7));
        Assert.NotEqual(a, Train(8));
        Assert.Contains(messages, m => m.Contains("bc: ", StringComparison.Ordinal) && m.Contains("seed", StringComparison.Ordinal));
        Assert.Equal(4, messages.Count(m => m.Contains("step ", StringComparison.Ordinal) && m.Contains("/200", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_trainer_reads_mapped_columns_and_its_policy_scores_the_mapped_observation_column()
    {
        var ml = new MLContext(0);
        var view = ml.Data.LoadFromEnumerable(Visits);
        var policy = ml.OfflineRL().Trainers.BehaviorCloning(Mapped(new BehaviorCloningOptions { Steps = 20, BatchSize = 4, HiddenSizes = [8] })).Fit(view);
        Assert.Equal(3, policy.Policy.ActionCount);
        var scored = policy.Transform(view);
        var actions = DataViewRows.Rows(scored, "PredictedAction");
        var native = Visits.Select(v =>
        {
            var a = new float[1];
            policy.Policy.Act(v.Vitals, a);
            return ((long)a[0]).ToString(System.Globalization.CultureInfo.InvariantCulture);
        });
        Assert.Equal(native, actions);
    }
}
