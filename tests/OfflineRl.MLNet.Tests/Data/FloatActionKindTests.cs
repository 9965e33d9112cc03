using Microsoft.ML;
using Microsoft.ML.Data;
using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Tests.Data;

/// <summary>A float action column of whole numbers is refused until the caller says which kind; once said, it loads as that kind.</summary>
public sealed class FloatActionKindTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("offlinerl-float-actions-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Json()
    {
        var path = Path.Combine(_dir, "steps.jsonl");
        File.WriteAllLines(path, Enumerable.Range(0, 4).Select(t =>
            $"{{\"episode_id\": 0, \"obs_0\": {t}.5, \"action\": {t % 2}.0, \"reward\": 1.0, \"terminal\": {(t == 3 ? "true" : "false")}}}"));
        return path;
    }

    [Fact]
    public void Stating_the_kind_loads_the_column_as_that_kind()
    {
        Assert.Equal(ActionSpace.Discrete(2), JsonLinesDatasetLoader.Load(Json(), options: new DatasetLoadOptions { ActionKind = ActionKind.Discrete }).ActionSpace);
        Assert.False(JsonLinesDatasetLoader.Load(Json(), options: new DatasetLoadOptions { ActionKind = ActionKind.Continuous }).ActionSpace.IsDiscrete);
        Assert.Equal(ActionSpace.Discrete(2), JsonLinesDatasetLoader.Load(Json(), new CsvColumnMapping { ActionKind = ActionKind.Discrete }).ActionSpace);
    }

    [Fact]
    public void Continuous_bounds_state_the_kind_too()
    {
        var data = JsonLinesDatasetLoader.Load(Json(), options: new DatasetLoadOptions { ActionLow = [0f], ActionHigh = [1f] });
        Assert.False(data.ActionSpace.IsDiscrete);
    }

    [Fact]
    public void An_IDataView_column_of_Single_trains_a_discrete_policy_once_LoadOptions_says_so()
    {
        var ml = new MLContext(0);
        var rows = Enumerable.Range(0, 6).Select(t => new FloatActionStep { EpisodeId = t / 3, Observation = [t, 1 - t], Action = t % 2, Reward = 1, IsTerminal = t % 3 == 2 });
        var options = new BehaviorCloningOptions { Steps = 1, BatchSize = 2, HiddenSizes = [2], LoadOptions = new DatasetLoadOptions { ActionKind = ActionKind.Discrete } };

        var policy = ml.OfflineRL().Trainers.BehaviorCloning(options).Fit(ml.Data.LoadFromEnumerable(rows)).Policy;

        Assert.Equal(2, policy.ActionCount);
    }
}

/// <summary>A logged step whose action is declared float (as JSON or an IDataView would give CartPole's 0/1).</summary>
internal sealed class FloatActionStep
{
    public long EpisodeId { get; set; }

    [VectorType(2)]
    public float[] Observation { get; set; } = [];

    public float Action { get; set; }

    public float Reward { get; set; }

    public bool IsTerminal { get; set; }

    public bool IsTruncated { get; set; }
}
