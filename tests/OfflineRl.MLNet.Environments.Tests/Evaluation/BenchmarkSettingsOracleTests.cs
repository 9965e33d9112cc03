using System.Text.Json.Nodes;
using OfflineRl.MLNet.Environments;
using OfflineRl.MLNet.Evaluation;
using OfflineRl.MLNet.Training;

namespace OfflineRl.MLNet.Tests.Evaluation;

public sealed class BenchmarkSettingsOracleTests
{
    // The options every algorithm trained with on every environment when the benchmark settings were C# code (ebb4511),
    // snapshotted with OptionsJson at the full (50,000) and --quick (1,000) classic step counts. The benchmark's results
    // stay comparable only while the settings produce exactly these options.
    private static readonly JsonObject Oracle = JsonNode.Parse(File.ReadAllText(
        Path.Combine(TestData.RepoRoot, "tests", "OfflineRl.MLNet.Environments.Tests", "Evaluation", "benchmark-options-oracle.json")))!.AsObject();

    // The algorithms there were then; those added later have no C# settings to agree with.
    private static readonly string[] OracleAlgorithms = ["bc", "filtered-bc", "awr", "iql", "awac"];

    public static TheoryData<string, string, int> Cases()
    {
        var cases = new TheoryData<string, string, int>();
        foreach (var steps in new[] { 50_000, 1000 })
        {
            foreach (var environment in EnvironmentRegistry.All.Where(entry => !entry.IsLocomotion))
            {
                foreach (var algorithm in OracleAlgorithms)
                {
                    cases.Add(algorithm, environment.Id, steps);
                }
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Benchmark_options_equal_the_options_of_the_csharp_settings(string algorithm, string environmentId, int steps)
    {
        var expected = Oracle[$"{algorithm} {environmentId} {steps}"]!.AsObject();
        var actual = JsonNode.Parse(OptionsJson.Of(BenchmarkAlgorithm.OptionsFor(algorithm, environmentId, steps)))!.AsObject();
        foreach (var added in actual.Select(p => p.Key).Where(k => !expected.ContainsKey(k)).ToList())
        {
            actual.Remove(added); // options added since (e.g. IQL's PolicyExtraction) had no C# setting to agree with
        }

        Assert.Equal(expected.ToJsonString(), actual.ToJsonString());
    }

    [Fact]
    public void The_oracle_covers_every_algorithm_and_environment_at_both_step_counts() =>
        Assert.Equal(OracleAlgorithms.Length * EnvironmentRegistry.All.Count(entry => !entry.IsLocomotion) * 2, Oracle.Count);
}
