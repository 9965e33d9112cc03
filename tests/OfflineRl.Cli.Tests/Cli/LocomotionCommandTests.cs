namespace OfflineRl.MLNet.Tests.Cli;

/// <summary><c>offlinerl sac</c> makes a behaviour policy and its replay log; <c>generate</c> turns them into the D4RL kinds.</summary>
public sealed class LocomotionCommandTests
{
    [Fact]
    public void Sac_then_generate_makes_medium_medium_replay_and_medium_expert_data()
    {
        var dir = Path.Combine(Path.GetTempPath(), "offlinerl-locomotion-sac", Guid.NewGuid().ToString("N"));
        var run = Path.Combine(dir, "sac");
        var sac = CliRunner.Run("sac", "--env", "Hopper-v4", "--steps", "400", "--random-steps", "200", "--eval-every", "200", "--eval-episodes", "1",
            "--hidden", "16", "--batch", "32", "--out", run);
        Assert.True(sac.Code == 0, sac.Err + sac.Out);
        Assert.Contains("Hopper-v4 step 400: return", sac.Out, StringComparison.Ordinal);
        Assert.Contains("best: step", sac.Out, StringComparison.Ordinal);
        var policy = Path.Combine(run, "policy-step400.bin");

        var medium = CliRunner.Run("generate", "--env", "Hopper-v4", "--kind", "medium", "--steps", "300", "--medium-policy", policy, "--out", Path.Combine(dir, "m.npz"));
        Assert.True(medium.Code == 0, medium.Err + medium.Out);
        Assert.Contains("Hopper-v4 medium,", medium.Out, StringComparison.Ordinal);
        Assert.Contains("300 steps", medium.Out, StringComparison.Ordinal);

        var both = CliRunner.Run("generate", "--env", "Hopper-v4", "--kind", "medium-expert", "--steps", "300", "--medium-policy", policy,
            "--expert-policy", Path.Combine(run, "policy-step200.bin"), "--out", Path.Combine(dir, "me.npz"));
        Assert.True(both.Code == 0, both.Err + both.Out);

        var replay = CliRunner.Run("generate", "--env", "Hopper-v4", "--kind", "medium-replay", "--replay", Path.Combine(run, "replay.npz"),
            "--replay-steps", "250", "--out", Path.Combine(dir, "mr.npz"));
        Assert.True(replay.Code == 0, replay.Err + replay.Out);
        Assert.Contains("250 steps", replay.Out, StringComparison.Ordinal);

        var missing = CliRunner.Run("generate", "--env", "Hopper-v4", "--kind", "medium-replay", "--out", Path.Combine(dir, "x.npz"));
        Assert.NotEqual(0, missing.Code);
        Assert.Contains("--replay <replay.npz> and --replay-steps", missing.Err, StringComparison.Ordinal);
        var noPolicy = CliRunner.Run("generate", "--env", "Hopper-v4", "--kind", "expert", "--out", Path.Combine(dir, "x.npz"));
        Assert.NotEqual(0, noPolicy.Code);
        Assert.Contains("expert policy", noPolicy.Err, StringComparison.Ordinal);
        var epsilonHere = CliRunner.Run("generate", "--env", "Hopper-v4", "--kind", "random", "--epsilon", "0.2", "--out", Path.Combine(dir, "x.npz"));
        Assert.NotEqual(0, epsilonHere.Code);
        Assert.Contains("--epsilon makes an ε-greedy expert", epsilonHere.Err, StringComparison.Ordinal);
        var epsilon = CliRunner.Run("generate", "--env", "CartPole-v1", "--kind", "expert", "--epsilon", "0.2", "--steps", "600", "--out", Path.Combine(dir, "e.npz"));
        Assert.True(epsilon.Code == 0, epsilon.Err + epsilon.Out);
        Assert.Contains("600 steps", epsilon.Out, StringComparison.Ordinal);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void The_locomotion_suite_makes_its_datasets_runs_the_table_and_resumes()
    {
        var dir = Path.Combine(Path.GetTempPath(), "offlinerl-locomotion-suite", Guid.NewGuid().ToString("N"));
        var policies = Path.Combine(dir, "policies");
        var sac = CliRunner.Run("sac", "--env", "Hopper-v4", "--steps", "600", "--random-steps", "200", "--eval-every", "300", "--eval-episodes", "1",
            "--hidden", "16", "--batch", "32", "--seed", "4", "--out", policies);
        Assert.True(sac.Code == 0, sac.Err + sac.Out);
        File.WriteAllText(Path.Combine(policies, "behaviour-policies.json"), """
            { "tasks": [ { "environment": "Hopper-v4", "seed": 4, "randomSteps": 200, "hiddenSizes": [16], "batchSize": 32,
                           "medium": { "policy": "policy-step300.bin", "step": 300 }, "expert": { "policy": "policy-step600.bin", "step": 600 } } ] }
            """);

        // One command makes all five datasets.
        var data = Path.Combine(dir, "data");
        var generate = CliRunner.Run("generate", "--suite", "locomotion", "--policies", policies, "--steps", "500", "--out", data);
        Assert.True(generate.Code == 0, generate.Err + generate.Out);
        Assert.Contains("5 datasets in", generate.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(data, "Hopper-v4-medium-replay.npz")));

        // The benchmark reuses them (same steps and seed), trains, and logs each job as it finishes.
        string[] args = ["benchmark", "--suite", "locomotion", "--policies", policies, "--data", data, "--data-steps", "500", "--out", Path.Combine(dir, "out"),
            "--steps", "100", "--seeds", "1", "--episodes", "1", "--algorithms", "bc,td3bc"];
        var first = CliRunner.Run(args);
        Assert.True(first.Code == 0, first.Err + first.Out);
        Assert.Contains("already made", first.Out, StringComparison.Ordinal);
        Assert.Contains("2 algorithms × 3 datasets × 1 seed(s)", first.Out, StringComparison.Ordinal);
        var table = File.ReadAllText(Path.Combine(dir, "out", "benchmark.md"));
        foreach (var name in new[] { "Hopper-v4-medium", "Hopper-v4-medium-replay", "Hopper-v4-medium-expert", "TD3+BC" })
        {
            Assert.Contains(name, table, StringComparison.Ordinal);
        }

        var log = Path.Combine(dir, "out", "benchmark-runs.csv");
        Assert.Equal(1 + 6, File.ReadAllLines(log).Length);

        // A second run finds every job done and makes the same table.
        var again = CliRunner.Run(args);
        Assert.True(again.Code == 0, again.Err + again.Out);
        Assert.Contains("6 of 6 jobs already in", again.Out, StringComparison.Ordinal);
        Assert.Equal(table, File.ReadAllText(Path.Combine(dir, "out", "benchmark.md")));

        // Another step budget is another job: nothing of the first run is reused for it, and the log keeps both.
        var other = CliRunner.Run([.. args.Select(a => a == "100" ? "101" : a)]);
        Assert.True(other.Code == 0, other.Err + other.Out);
        Assert.DoesNotContain("already in", other.Out, StringComparison.Ordinal);
        Assert.Equal(1 + 12, File.ReadAllLines(log).Length);

        // --kinds narrows the datasets: medium-replay alone is already in the log at 100 steps.
        var replayOnly = CliRunner.Run([.. args, "--kinds", "medium-replay"]);
        Assert.True(replayOnly.Code == 0, replayOnly.Err + replayOnly.Out);
        Assert.Contains("2 of 2 jobs already in", replayOnly.Out, StringComparison.Ordinal);
        var random = CliRunner.Run([.. args, "--kinds", "random"]);
        Assert.Equal(1, random.Code);
        Assert.Contains("--kinds: random is not in the locomotion table", random.Err, StringComparison.Ordinal);
        Directory.Delete(dir, recursive: true);
    }
}
