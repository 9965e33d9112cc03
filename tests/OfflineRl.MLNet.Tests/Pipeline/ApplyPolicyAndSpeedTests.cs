using Microsoft.ML;
using OfflineRl.MLNet.Onnx;
using OfflineRl.MLNet.Policies;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Tests.Pipeline;

/// <summary>
/// The two public doors the command line's <c>bench</c> goes through instead of the library's internals:
/// <c>Transforms.ApplyPolicy</c> scores a policy one already holds, <see cref="TrainingSpeed.Measure"/> times a trainer's steps.
/// </summary>
public sealed class ApplyPolicyAndSpeedTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ApplyPolicy_scores_as_the_policy_acts_and_survives_save_and_load(bool discrete)
    {
        var ml = new MLContext(0);
        var data = WorkoutCases.Data(discrete);
        var d = data.ObservationDimension;
        var policy = Policy.CreateRandom(discrete ? PolicyKind.Categorical : PolicyKind.Gaussian, d, discrete ? 2 : 1, [16, 16], seed: 5);
        var transformer = ml.OfflineRL().Transforms.ApplyPolicy(policy);
        Assert.Equal("policy", transformer.Model.Algorithm);
        Assert.Same(policy, transformer.Policy);

        var observations = Enumerable.Range(0, 32).Select(r => new PolicyTransformerParityTests.ObservationRow { Observation = data.GetObservation(r * 5).ToArray() }).ToArray();
        var schema = Microsoft.ML.Data.SchemaDefinition.Create(typeof(PolicyTransformerParityTests.ObservationRow));
        schema[0].ColumnType = new Microsoft.ML.Data.VectorDataViewType(Microsoft.ML.Data.NumberDataViewType.Single, d);
        var input = ml.Data.LoadFromEnumerable(observations, schema);
        var expected = observations.Select(o =>
        {
            var action = new float[policy.ActionDimension];
            policy.Act(o.Observation, action);
            return action;
        }).ToArray();
        PolicyTransformerParityTests.AssertClose(expected, PolicyTransformerParityTests.Actions(transformer.Transform(input)));

        using var zip = new MemoryStream();
        ml.Model.Save(transformer, input.Schema, zip);
        zip.Position = 0;
        var loaded = new MLContext(1).Model.Load(zip, out _);
        PolicyTransformerParityTests.AssertClose(expected, PolicyTransformerParityTests.Actions(loaded.Transform(input)));
        Assert.True(OnnxPolicy.Load(transformer.ToOnnx()).ActionSize > 0);
    }

    [Fact]
    public void A_short_observation_row_is_refused_in_the_policys_terms_when_a_batch_is_scored()
    {
        var ml = new MLContext(0);
        var transformer = ml.OfflineRL().Transforms.ApplyPolicy(Policy.CreateRandom(PolicyKind.Gaussian, 4, 1, [4], seed: 1));
        var schema = Microsoft.ML.Data.SchemaDefinition.Create(typeof(PolicyTransformerParityTests.ObservationRow));
        schema[0].ColumnType = new Microsoft.ML.Data.VectorDataViewType(Microsoft.ML.Data.NumberDataViewType.Single, 4);
        var rows = new[] { new float[] { 1, 2, 3, 4 }, [1, 2, 3] }.Select(o => new PolicyTransformerParityTests.ObservationRow { Observation = o });
        var scored = transformer.Transform(ml.Data.LoadFromEnumerable(rows, schema));

        // A batch read goes through ML.NET's parallel cursor, which wraps what a worker throws; the answer is the innermost.
        var error = Assert.ThrowsAny<Exception>(() => PolicyTransformerParityTests.Actions(scored));
        while (error.InnerException is not null)
        {
            error = error.InnerException;
        }

        Assert.IsType<ArgumentException>(error);
        Assert.Contains("Observation role: row 2 of column 'Observation' holds 3 values; the policy expects 4 observation values", error.Message, StringComparison.Ordinal);
        Assert.Contains("give every row exactly 4 values", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ApplyPolicy_refuses_a_missing_policy_or_column_name()
    {
        var transforms = new MLContext(0).OfflineRL().Transforms;
        Assert.Throws<ArgumentNullException>(() => transforms.ApplyPolicy(null!));
        Assert.Throws<ArgumentException>(() => transforms.ApplyPolicy(Policy.CreateRandom(PolicyKind.Gaussian, 3, 1, [4], seed: 1), ""));
    }

    [Fact]
    public void Measure_times_each_run_after_the_warmup_and_reports_the_last_losses()
    {
        var ml = new MLContext(0);
        var options = PolicyTrainersCatalog.CreateOptions("iql");
        (options.BatchSize, options.HiddenSizes, options.Steps) = (16, [8], 7);
        var trainer = ml.OfflineRL().Trainers.Create("iql", options);
        var speed = TrainingSpeed.Measure(trainer, WorkoutCases.Data(discrete: false), new TrainingSpeedOptions { StepsPerRun = 25, Runs = 3, WarmupSeconds = 0.5 });

        Assert.Equal(1, speed.Threads);
        Assert.True(speed.WarmupSteps >= 10, $"{speed.WarmupSteps} warm-up steps");
        Assert.Equal(3, speed.StepsPerSecond.Count);
        Assert.Equal(3, speed.StepsPerCpuSecond.Count);
        Assert.All(speed.StepsPerSecond, r => Assert.True(r > 0 && double.IsFinite(r)));
        Assert.Equal(speed.StepsPerSecond.Order().ElementAt(1), speed.MedianStepsPerSecond);
        Assert.Equal(speed.StepsPerCpuSecond.Order().ElementAt(1), speed.MedianStepsPerCpuSecond);
        Assert.Equal(["policy", "q", "value"], speed.FinalLosses.Keys.Order(StringComparer.Ordinal));
        Assert.All(speed.FinalLosses.Values, l => Assert.True(double.IsFinite(l)));
    }

    // BC on a categorical head, one hidden layer of 8, batch 16: forward 2·B·(d·8 + 8·K), the weight gradients as much
    // again, and the input gradient of the second layer 2·B·8·K (the first layer's is not needed).
    [Fact]
    public void Measure_counts_the_matrix_products_of_a_step()
    {
        var ml = new MLContext(0);
        var data = WorkoutCases.Data(discrete: true);
        var options = PolicyTrainersCatalog.CreateOptions("bc");
        (options.BatchSize, options.HiddenSizes, options.Steps) = (16, [8], 7);
        var speed = TrainingSpeed.Measure(ml.OfflineRL().Trainers.Create("bc", options), data, new TrainingSpeedOptions { StepsPerRun = 5, Runs = 1, WarmupSeconds = 0.5 });
        var (b, d, k) = (16.0, data.ObservationDimension, data.ActionSpace.Count);
        var forward = 2 * b * ((d * 8) + (8 * k));
        Assert.Equal((2 * forward) + (2 * b * 8 * k), speed.MatrixFlopsPerStep);
        Assert.Equal(speed.MatrixFlopsPerStep * speed.MedianStepsPerSecond / 1e9, speed.MedianGflopsPerSecond, 12);
    }

    [Fact]
    public void Measure_refuses_foreign_estimators_and_bad_options_naming_each()
    {
        var ml = new MLContext(0);
        var trainer = ml.OfflineRL().Trainers.Create("bc", PolicyTrainersCatalog.CreateOptions("bc"));
        var data = WorkoutCases.Data(discrete: true);
        var error = Assert.Throws<InvalidOptionsException>(() =>
            TrainingSpeed.Measure(trainer, data, new TrainingSpeedOptions { StepsPerRun = 0, Runs = 0, WarmupSeconds = 0.1 }));
        Assert.Equal(3, error.Errors.Count);
        Assert.Contains(error.Errors, e => e.StartsWith("WarmupSeconds must be ≥ 0.5", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => TrainingSpeed.Measure(new ForeignEstimator(), data));
    }

    private sealed class ForeignEstimator : IEstimator<OfflineRl.MLNet.Pipeline.PolicyTransformer>
    {
        public OfflineRl.MLNet.Pipeline.PolicyTransformer Fit(IDataView input) => throw new NotSupportedException();

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => inputSchema;
    }
}
