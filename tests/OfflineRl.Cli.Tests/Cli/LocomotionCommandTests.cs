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
}
