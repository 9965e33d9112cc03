using Microsoft.ML;
using OfflineRl.MLNet.Data;
using static OfflineRl.MLNet.Tests.ExternalPython;

namespace OfflineRl.MLNet.Tests.Data;

/// <summary>
/// RLlib's SampleBatch JSON as its JsonWriter lays it out (one batch of steps per line, column by column; episodes split
/// across lines; <c>dones</c> and <c>action_prob</c>), written by Python's json, loaded and compared with what was written.
/// </summary>
public sealed class JsonLinesLoaderTests : IDisposable
{
    /// <summary>
    /// Episode 7 (5 steps, done), episode 3 split over both lines (7 steps, done) and episode 9 (3 steps, not done: the log
    /// ends mid-episode). CartPole-like: 4 observations, 2 actions.
    /// </summary>
    private const string SampleBatchScript = """
        import json, math, random, sys
        random.seed(5)
        episodes = [(7, 5, True), (3, 7, True), (9, 3, False)]
        rows = []
        for eps, n, done in episodes:
            for t in range(n + 1):
                rows.append((eps, t, n, done, [round(random.uniform(-1, 1), 6) for _ in range(4)]))
        steps = []
        for i, (eps, t, n, done, o) in enumerate(rows):
            if t == n:
                continue
            p = round(random.uniform(0.2, 0.8), 6)
            steps.append({'eps_id': eps, 't': t, 'obs': o, 'new_obs': rows[i + 1][4], 'actions': random.randint(0, 1),
                          'rewards': 1.0, 'dones': done and t == n - 1, 'action_prob': p, 'infos': {}, 'weights': 1.0})
        cut = 8
        with open(sys.argv[1], 'w') as f:
            for batch in (steps[:cut], steps[cut:]):
                line = {'type': 'SampleBatch'}
                for key in batch[0]:
                    line[key] = [s[key] for s in batch]
                f.write(json.dumps(line) + '\n')
        json.dump(steps, open(sys.argv[2], 'w'))
        """;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"offlinerl-jsonl-{Guid.NewGuid():N}");

    public JsonLinesLoaderTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string name) => Path.Combine(_dir, name);

    [Fact]
    public void Rllib_sample_batches_load_every_step_with_dones_resolved_as_stated()
    {
        Run(SampleBatchScript, _dir, File("small.json"), File("steps.json"));
        var steps = Json(File("steps.json")).EnumerateArray().ToArray();

        var refused = Assert.Throws<DatasetValidationException>(() => JsonLinesDatasetLoader.Load(File("small.json")));
        Assert.Contains("episode 7: column 'dones' ends it but does not say whether the MDP ended or a time limit cut it", refused.Message, StringComparison.Ordinal);

        var options = new DatasetLoadOptions { MissingEndFlags = MissingEndFlagsAssumption.TerminalUnlessTimeLimit, TimeLimit = 500 };
        var data = new MLContext(0).OfflineRL().Data.Load(File("small.json"), options);

        Assert.Equal(15, data.Count);
        Assert.Equal([7L, 3L, 9L], data.EpisodeIds.ToArray());
        Assert.Equal([0, 5, 12, 15], data.EpisodeOffsets.ToArray());
        Assert.Equal([true, true, false], data.Episodes.Select(e => e.EndsTerminal).ToArray());
        Assert.True(data.IsTruncated[14]);
        Assert.Equal(steps.SelectMany(s => Floats(s.GetProperty("obs"))).ToArray(), data.Observations.ToArray());
        Assert.Equal(steps.SelectMany(s => Floats(s.GetProperty("new_obs"))).ToArray(), data.NextObservations.ToArray());
        Assert.Equal(ActionSpace.Discrete(2), data.ActionSpace);
        Assert.Equal(steps.Select(s => s.GetProperty("actions").GetInt32()).ToArray(), data.DiscreteActions.ToArray());
        Assert.Equal(steps.Select(s => (float)s.GetProperty("rewards").GetDouble()).ToArray(), data.Rewards.ToArray());
        Assert.Equal(steps.Select(s => MathF.Log((float)s.GetProperty("action_prob").GetDouble())).ToArray(), data.GetColumn(ColumnNames.BehaviorLogProbability).ToArray());
        Assert.Contains(data.Notes, n => n.Contains("2 terminal and 0 truncated", StringComparison.Ordinal) && n.Contains("1 cut by the log", StringComparison.Ordinal));
    }

    [Fact]
    public void An_event_log_of_one_object_per_step_loads_through_the_mapping()
    {
        System.IO.File.WriteAllLines(File("events.jsonl"),
        [
            """{"visit": "a", "vitals": [0.5, 1.0], "dose": 2, "outcome": 0.0, "discharged": false}""",
            """{"visit": "a", "vitals": [0.25, 1.5], "dose": 0, "outcome": 1.5, "discharged": true}""",
            """{"visit": "b", "vitals": [1.0, -1.0], "dose": 1, "outcome": -2.0, "discharged": true}""",
        ]);
        var mapping = new CsvColumnMapping { EpisodeId = "visit", ObservationColumns = ["vitals"], ActionColumns = ["dose"], Reward = "outcome", Terminal = "discharged" };

        var data = JsonLinesDatasetLoader.Load(File("events.jsonl"), mapping, new DatasetLoadOptions { DiscreteActionCount = 3 });

        Assert.Equal([0, 2, 3], data.EpisodeOffsets.ToArray());
        Assert.Equal([0.5f, 1f, 0.25f, 1.5f, 1f, -1f], data.Observations.ToArray());
        Assert.Equal([2, 0, 1], data.DiscreteActions.ToArray());
        Assert.Equal([0f, 1.5f, -2f], data.Rewards.ToArray());
        Assert.Equal([false, true, true], data.IsTerminal.ToArray());
    }
}
