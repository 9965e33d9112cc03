using Microsoft.ML;
using Microsoft.ML.Data;
using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Tests.Pipeline;

/// <summary>
/// The workout every estimator and trainer passes: the schema <c>GetOutputSchema</c> announces is the schema <c>Transform</c>
/// produces; it chains after and before ML.NET's built-in estimators; bad column names and types fail naming the role and
/// the column; saving behaves as documented.
/// </summary>
public sealed class MlNetWorkoutTests
{
    public static TheoryData<string, bool> Transforms()
    {
        var data = new TheoryData<string, bool>();
        foreach (var name in WorkoutCases.TransformNames)
        {
            data.Add(name, true);
            data.Add(name, false);
        }

        return data;
    }

    public static TheoryData<string, bool> Trainers()
    {
        var data = new TheoryData<string, bool>();
        foreach (var (name, discrete) in WorkoutCases.TrainerCases)
        {
            data.Add(name, discrete);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Transforms))]
    public void Transform_announces_the_schema_it_produces_and_chains_with_builtins(string name, bool discrete)
    {
        var ml = new MLContext(0);
        var data = WorkoutCases.Data(discrete);
        var estimator = WorkoutCases.Transform(ml, name);
        Assert.Equal(Describe(estimator.GetOutputSchema(ShapeOf(data.Schema))), Describe(estimator.Fit(data).Transform(data).Schema));

        // Before and after ML.NET's own estimators: the input is then not the library's dataset but ML.NET's view. (In the
        // default scope, so that TransformerChain.Transform applies the step; TransformerScope.Training would leave it out.)
        var chain = ml.Transforms.CopyColumns("ObservationCopy", ColumnNames.Observation)
            .Append(estimator)
            .Append(ml.Transforms.Concatenate("Features", ColumnNames.Observation, "ObservationCopy"));
        var model = chain.Fit(data);
        var output = model.Transform(data);
        Assert.Equal(Describe(chain.GetOutputSchema(ShapeOf(data.Schema))), Describe(output.Schema));
        Assert.Contains(output.Schema, c => c.Name == "Features" && c.Type is VectorDataViewType { Size: var n } && n == 2 * data.ObservationDimension);

        // The generic path computes what the fast path does.
        var direct = estimator.Fit(data).Transform(data);
        Assert.Equal(DataViewRows.Rows(direct, ColumnNames.Reward), DataViewRows.Rows(output, ColumnNames.Reward));
        foreach (var added in output.Schema.Where(c => !c.IsHidden && c.Type == NumberDataViewType.Single && data.Schema.GetColumnOrNull(c.Name) is null))
        {
            Assert.Equal(DataViewRows.Rows(direct, added.Name), DataViewRows.Rows(output, added.Name));
        }
    }

    [Theory]
    [MemberData(nameof(Trainers))]
    public void Trainer_announces_the_schema_it_produces_and_chains_with_builtins(string name, bool discrete)
    {
        var ml = new MLContext(0);
        var data = WorkoutCases.Data(discrete);
        var trainer = WorkoutCases.Trainer(ml, name);
        var policy = trainer.Fit(data);
        Assert.Equal(Describe(trainer.GetOutputSchema(ShapeOf(data.Schema))), Describe(policy.Transform(data).Schema));

        var chain = ml.Transforms.CopyColumns("ObservationCopy", ColumnNames.Observation)
            .Append(WorkoutCases.Trainer(ml, name))
            .Append(ml.Transforms.CopyColumns("ActionCopy", "PredictedAction"));
        var output = chain.Fit(data).Transform(data);
        Assert.Equal(Describe(chain.GetOutputSchema(ShapeOf(data.Schema))), Describe(output.Schema));
        Assert.Contains(output.Schema, c => c.Name == ColumnNames.Action && !c.IsHidden);
        Assert.Equal(DataViewRows.Rows(output, "PredictedAction"), DataViewRows.Rows(output, "ActionCopy"));
    }

    [Theory]
    [MemberData(nameof(Transforms))]
    public void Transform_with_a_missing_or_mistyped_column_names_the_role_and_the_column(string name, bool discrete)
    {
        var ml = new MLContext(0);
        var data = WorkoutCases.Data(discrete);
        AssertNamesRoleAndColumn(() => WorkoutCases.Transform(ml, name, c => c.ObservationColumnName = "State").GetOutputSchema(ShapeOf(data.Schema)), "Observation role", "'State'");
        AssertNamesRoleAndColumn(() => WorkoutCases.Transform(ml, name, c => c.RewardColumnName = "Gain").Fit(data), "Reward role", "'Gain'");
        var mistyped = ml.Transforms.CopyColumns(ColumnNames.Reward, ColumnNames.IsTerminal).Fit(data).Transform(data);
        AssertNamesRoleAndColumn(() => WorkoutCases.Transform(ml, name).Fit(mistyped), "Reward role", "'Reward' is Boolean");
    }

    [Theory]
    [MemberData(nameof(Trainers))]
    public void Trainer_with_a_missing_or_mistyped_column_names_the_role_and_the_column(string name, bool discrete)
    {
        var ml = new MLContext(0);
        var data = WorkoutCases.Data(discrete);
        AssertNamesRoleAndColumn(() => WorkoutCases.Trainer(ml, name, c => c.ActionColumnName = "Decision").GetOutputSchema(ShapeOf(data.Schema)), "Action role", "'Decision'");
        AssertNamesRoleAndColumn(() => WorkoutCases.Trainer(ml, name, c => c.EpisodeIdColumnName = "Visit").Fit(data), "EpisodeId role", "'Visit'");
        var mistyped = ml.Transforms.CopyColumns(ColumnNames.Observation, ColumnNames.IsTerminal).Fit(data).Transform(data);
        AssertNamesRoleAndColumn(() => WorkoutCases.Trainer(ml, name).Fit(mistyped), "Observation role", "'Observation' is Boolean");
    }

    [Theory]
    [MemberData(nameof(Transforms))]
    public void Saving_a_training_time_transform_fails_with_what_to_save_instead(string name, bool discrete)
    {
        var ml = new MLContext(0);
        var data = WorkoutCases.Data(discrete);
        var model = WorkoutCases.Transform(ml, name).Fit(data);
        var path = TestData.TempFile(".zip");
        var ex = Assert.Throws<NotSupportedException>(() => ml.Model.Save(model, data.Schema, path));
        Assert.Contains("GetModelFor(TransformerScope.Scoring)", ex.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => model.GetRowToRowMapper(data.Schema));
        File.Delete(path);
    }

    [Theory]
    [MemberData(nameof(Trainers))]
    public void Training_scope_steps_are_left_out_of_the_scoring_model_which_saves(string name, bool discrete)
    {
        var ml = new MLContext(0);
        var data = WorkoutCases.Data(discrete);
        var model = new EstimatorChain<ITransformer>()
            .Append(ml.OfflineRL().Transforms.ReturnsToGo(), TransformerScope.Training)
            .Append(WorkoutCases.Trainer(ml, name))
            .Fit(data);
        var scoring = model.GetModelFor(TransformerScope.Scoring);
        Assert.Single(scoring);
        var path = TestData.TempFile(".zip");
        try
        {
            ml.Model.Save(scoring, data.Schema, path);
            Assert.True(new FileInfo(path).Length > 0);
        }
        finally
        {
            File.Delete(path);
        }
    }

    internal static SchemaShape ShapeOf(DataViewSchema schema) =>
        new(schema.Where(c => !c.IsHidden).Select(c => ColumnShapes.Of(c.Name, c.Type)));

    internal static List<string> Describe(SchemaShape shape) =>
        [.. shape.Select(c => $"{c.Name}: {c.Kind} {c.ItemType.RawType.Name}{(c.IsKey ? " key" : "")}").Order(StringComparer.Ordinal)];

    internal static List<string> Describe(DataViewSchema schema) =>
        [.. schema.Where(c => !c.IsHidden).Select(c =>
        {
            var kind = c.Type is VectorDataViewType v ? v.IsKnownSize ? SchemaShape.Column.VectorKind.Vector : SchemaShape.Column.VectorKind.VariableVector : SchemaShape.Column.VectorKind.Scalar;
            var item = c.Type is VectorDataViewType vv ? vv.ItemType : c.Type;
            return $"{c.Name}: {kind} {item.RawType.Name}{(item is KeyDataViewType ? " key" : "")}";
        }).Order(StringComparer.Ordinal)];

    private static void AssertNamesRoleAndColumn(Action act, string role, string column)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(act);
        Assert.Contains(role, ex.Message, StringComparison.Ordinal);
        Assert.Contains(column, ex.Message, StringComparison.Ordinal);
    }
}
