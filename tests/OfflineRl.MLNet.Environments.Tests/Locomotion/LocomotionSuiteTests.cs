using OfflineRl.MLNet.Algorithms.Sac;
using OfflineRl.MLNet.Environments;

namespace OfflineRl.MLNet.Tests.Environments;

/// <summary>The D4RL-protocol datasets made by one call from a manifest of behaviour policies.</summary>
public sealed class LocomotionSuiteTests
{
    [Fact]
    public void One_call_makes_the_five_datasets_reproducibly_and_resumes()
    {
        var root = Directory.CreateTempSubdirectory("suite-");
        try
        {
            var policies = Path.Combine(root.FullName, "policies");
            var agent = new SoftActorCriticAgentOptions { HiddenSizes = [16], BatchSize = 32, Seed = 3 };
            BehaviorPolicyTraining.Run(EnvironmentCatalog.Hopper, policies, new BehaviorPolicyTrainingOptions
            {
                Steps = 600,
                RandomSteps = 200,
                EvaluateEvery = 300,
                EvaluationEpisodes = 1,
                Agent = agent,
            });
            File.WriteAllText(Path.Combine(policies, LocomotionSuite.ManifestFileName), """
                { "tasks": [ { "environment": "hopper-v4", "seed": 3, "randomSteps": 200, "hiddenSizes": [16], "batchSize": 32,
                               "medium": { "policy": "policy-step300.bin", "step": 300 }, "expert": { "policy": "policy-step600.bin", "step": 600 } } ] }
                """);

            var a = Path.Combine(root.FullName, "a");
            var lines = new List<string>();
            var paths = LocomotionSuite.Write(policies, a, steps: 400, seed: 1, progress: new Collect(lines));
            Assert.Equal(["Hopper-v4-random.npz", "Hopper-v4-medium.npz", "Hopper-v4-medium-replay.npz", "Hopper-v4-medium-expert.npz", "Hopper-v4-expert.npz"],
                paths.Select(Path.GetFileName));
            var load = new Microsoft.ML.MLContext().OfflineRL().Data;
            var sizes = paths.Select(p => load.LoadNpz(p).Count).ToArray();
            Assert.Equal([400, 400, 300, 800, 400], sizes);

            // medium-replay is the SAC run's own log up to the medium step.
            var replay = LocomotionDataGenerator.ReplayPrefix(load.LoadNpz(Path.Combine(policies, "replay.npz")), 300, "r");
            var made = load.LoadNpz(paths[2]);
            Assert.Equal(replay.Observations.ToArray(), made.Observations.ToArray());
            Assert.Equal(replay.Rewards.ToArray(), made.Rewards.ToArray());

            // Terminals (falls) and timeouts apart; medium-expert's second half comes from the expert.
            var mediumExpert = load.LoadNpz(paths[3]);
            Assert.True(mediumExpert.IsTerminal.ToArray().Count(t => t) > 0);
            Assert.True(mediumExpert.IsTruncated[^1] || mediumExpert.IsTerminal[^1], "the budget ends the last episode");
            Assert.True(mediumExpert.IsTruncated.ToArray().Count(t => t) < mediumExpert.EpisodeCount, "falls are not timeouts");

            // Same manifest, steps and seed: the same bytes; a second call in place skips what it made.
            var b = Path.Combine(root.FullName, "b");
            LocomotionSuite.Write(policies, b, steps: 400, seed: 1);
            foreach (var path in paths)
            {
                Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(Path.Combine(b, Path.GetFileName(path))));
            }

            lines.Clear();
            LocomotionSuite.Write(policies, a, steps: 400, seed: 1, kinds: [BehaviorDatasetKind.Medium], progress: new Collect(lines));
            Assert.Contains("already made", Assert.Single(lines), StringComparison.Ordinal);
            lines.Clear();
            LocomotionSuite.Write(policies, a, steps: 401, seed: 1, kinds: [BehaviorDatasetKind.Medium], progress: new Collect(lines));
            Assert.DoesNotContain("already made", Assert.Single(lines), StringComparison.Ordinal);
            Assert.Equal(401, load.LoadNpz(paths[1]).Count);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_task_without_an_expert_makes_what_it_can_and_says_what_it_left_out()
    {
        var root = Directory.CreateTempSubdirectory("suite-");
        try
        {
            File.Copy(Path.Combine(RepositoryModels, "hopper-v4-medium.bin"), Path.Combine(root.FullName, "m.bin"));
            File.WriteAllText(Path.Combine(root.FullName, LocomotionSuite.ManifestFileName),
                """{ "tasks": [ { "environment": "Hopper-v4", "medium": { "policy": "m.bin", "step": 120000 } } ] }""");
            var lines = new List<string>();
            var paths = LocomotionSuite.Write(root.FullName, Path.Combine(root.FullName, "out"), steps: 200,
                kinds: [BehaviorDatasetKind.Medium, BehaviorDatasetKind.Expert, BehaviorDatasetKind.MediumExpert], progress: new Collect(lines));
            Assert.Equal(["Hopper-v4-medium.npz"], paths.Select(Path.GetFileName));
            Assert.Equal(2, lines.Count(l => l.Contains("no expert policy", StringComparison.Ordinal)));

            // An expert added later makes the expert datasets and leaves the medium one (and results keyed by it) standing.
            File.Copy(Path.Combine(root.FullName, "m.bin"), Path.Combine(root.FullName, "e.bin"));
            File.WriteAllText(Path.Combine(root.FullName, LocomotionSuite.ManifestFileName),
                """{ "tasks": [ { "environment": "Hopper-v4", "medium": { "policy": "m.bin", "step": 120000 }, "expert": { "policy": "e.bin", "step": 200000 } } ] }""");
            lines.Clear();
            paths = LocomotionSuite.Write(root.FullName, Path.Combine(root.FullName, "out"), steps: 200,
                kinds: [BehaviorDatasetKind.Medium, BehaviorDatasetKind.Expert], progress: new Collect(lines));
            Assert.Equal(["Hopper-v4-medium.npz", "Hopper-v4-expert.npz"], paths.Select(Path.GetFileName));
            Assert.Contains("already made", lines[0], StringComparison.Ordinal);
            Assert.DoesNotContain("already made", lines[1], StringComparison.Ordinal);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_repository_manifest_names_policies_that_exist()
    {
        var tasks = LocomotionSuite.ReadManifest(RepositoryModels);
        Assert.Contains(tasks, t => t.EnvironmentId == EnvironmentCatalog.Hopper && t.MediumStep == 120_000);
        Assert.All(tasks, t => Assert.True(File.Exists(t.MediumPolicy)));
    }

    [Theory]
    [InlineData("""{ "tasks": [] }""", "no tasks")]
    [InlineData("""{ "tasks": [ { "environment": "Pendulum-v1", "medium": { "policy": "m.bin", "step": 1 } } ] }""", "not a locomotion task")]
    [InlineData("""{ "tasks": [ { "environment": "Hopper-v4" } ] }""", "needs a medium checkpoint")]
    [InlineData("""{ "tasks": [ { "environment": "Hopper-v4", "medium": { "policy": "missing.bin", "step": 5 } } ] }""", "is missing")]
    [InlineData("""{ "tasks": """, "ReadManifest")]
    public void A_bad_manifest_is_refused_with_the_reason(string json, string reason)
    {
        var root = Directory.CreateTempSubdirectory("suite-");
        try
        {
            File.WriteAllText(Path.Combine(root.FullName, LocomotionSuite.ManifestFileName), json);
            var error = Record.Exception(() => LocomotionSuite.ReadManifest(root.FullName));
            Assert.NotNull(error);
            if (reason != "ReadManifest")
            {
                Assert.Contains(reason, error.Message, StringComparison.Ordinal);
            }

            Assert.True(error is InvalidDataException or FileNotFoundException, error.GetType().Name);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private static string RepositoryModels => Path.Combine(TestData.RepoRoot, "models", "locomotion");

    private sealed class Collect(List<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Add(value);
    }
}
