using System.Diagnostics;
using OfflineRl.MLNet.Tests.Cli;
using static OfflineRl.MLNet.Tests.BadInput.BadInputFiles;

namespace OfflineRl.MLNet.Tests.BadInput;

/// <summary><c>offlinerl</c> started as its own process on bad files: a message on standard error, no stack trace, a non-zero exit.</summary>
[Trait(Tier.Name, Tier.Slow)]
public sealed class CliBadInputProcessTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"offlinerl-cli-bad-{Guid.NewGuid():N}");

    public CliBadInputProcessTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string name) => Path.Combine(_dir, name);

    public static TheoryData<string> Scenarios => ["huge-npz", "not-a-zip", "stray-quote-csv", "broken-policy", "text-onnx", "garbage-checkpoint", "empty-model-folder", "bad-option"];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Bad_input_gets_a_message_and_a_non_zero_exit_without_a_stack_trace(string scenario)
    {
        var good = Npz(P("good.npz"), D4rl());
        (string[] Args, string Says) run = scenario switch
        {
            "huge-npz" => (["inspect", D4rlWith(P("huge.npz"), "observations", Npy(Header("<f4", "(500000000, 4)"), 1024))],
                "array 'observations': the array is truncated (header promises 2000000000 values)"),
            "not-a-zip" => (["inspect", Csv(P("plain.npz"), "just text")], "not a valid .npz archive"),
            "stray-quote-csv" => (["inspect", Csv(P("quote.csv"), CsvHeader + "0,0,1,2\"x,0,1,1,0\n")], "line 2: a quote inside the unquoted field"),
            "broken-policy" => (["evaluate", "--policy", BrokenPolicyFolder(), "--data", good], "policy.bin: the file ends inside the weights"),
            "text-onnx" => (["evaluate-env", "--policy", Csv(P("text.onnx"), "not onnx"), "--env", "CartPole-v1", "--episodes", "1"], "ONNX Runtime cannot load"),
            "garbage-checkpoint" => (["train", "--data", good, "--algo", "bc", "--steps", "2", "--batch", "4", "--hidden", "3", "--resume", Csv(P("garbage.bin"), "garbage"), "--out", P("out")],
                "not an OfflineRl.MLNet checkpoint"),
            "empty-model-folder" => (["export", "--policy", Directory.CreateDirectory(P("empty")).FullName, "--onnx", P("x.onnx")], "not a trained model folder"),
            "bad-option" => (["train", "--data", good, "--algo", "bc", "--steps", "0", "--out", P("out")], "Steps must be ≥ 1 (got 0)"),
            _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
        };

        var (code, stdout, stderr) = RunCli(run.Args);
        Assert.True(code != 0, $"exit code 0 for {scenario}; stdout: {stdout}");
        Assert.StartsWith("error: ", stderr.TrimStart(), StringComparison.Ordinal);
        Assert.Contains(run.Says, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr + stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", stderr + stdout, StringComparison.Ordinal);
    }

    private string BrokenPolicyFolder()
    {
        var folder = P("model");
        Bc.Save(folder);
        var policy = Path.Combine(folder, OfflineRl.MLNet.Trainers.PolicyModel.PolicyFileName);
        var bytes = File.ReadAllBytes(policy);
        File.WriteAllBytes(policy, bytes[..^8]);
        return folder;
    }

    private static (int Code, string Out, string Err) RunCli(string[] args)
    {
        using var process = Process.Start(CliProcess.StartInfo(args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), "offlinerl did not exit within 3 minutes");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
