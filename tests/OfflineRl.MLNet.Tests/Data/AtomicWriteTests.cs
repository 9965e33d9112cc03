using System.Diagnostics;
using System.Globalization;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Tests.Cli;
using Xunit.Abstractions;

namespace OfflineRl.MLNet.Tests.Data;

/// <summary>
/// Files the library writes are replaced atomically: an exception or a SIGKILL in the middle of a write leaves the old
/// file byte for byte, and the next write cleans up what a killed writer left.
/// </summary>
[Trait(Tier.Name, Tier.Slow)]
public sealed class AtomicWriteTests(ITestOutputHelper output)
{
    private const int KillAttempts = 6;
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public void A_write_that_throws_leaves_the_old_file_and_no_temporary_file()
    {
        var dir = Directory.CreateTempSubdirectory("offlinerl-atomic-").FullName;
        try
        {
            var path = Path.Combine(dir, "model.bin");
            AtomicFile.Write(path, s => s.Write([1, 2, 3]));
            var error = Assert.Throws<IOException>(() => AtomicFile.Write(path, s =>
            {
                s.Write(new byte[100_000]);
                throw new IOException("disk full (simulated)");
            }));
            Assert.Equal("disk full (simulated)", error.Message);
            Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
            Assert.Equal(["model.bin"], Directory.EnumerateFiles(dir).Select(f => Path.GetFileName(f)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void An_npz_write_that_fails_midway_leaves_the_old_dataset_readable()
    {
        var dir = Directory.CreateTempSubdirectory("offlinerl-atomic-").FullName;
        try
        {
            var path = Path.Combine(dir, "data.npz");
            NpzFile.Write(path, [NpyArray.Create("rewards", new float[] { 1, 2, 3 }, 3)]);
            var before = File.ReadAllBytes(path);

            static IEnumerable<NpyArray> FailAfterOne()
            {
                yield return NpyArray.Create("observations", new float[40_000], 10_000, 4);
                throw new InvalidOperationException("the source went away (simulated)");
            }

            Assert.Throws<InvalidOperationException>(() => NpzFile.Write(path, FailAfterOne()));
            Assert.Equal(before, File.ReadAllBytes(path));
            Assert.Equal([1f, 2f, 3f], (float[])NpzFile.Read(path)["rewards"].Data);
            Assert.Equal(["data.npz"], Directory.EnumerateFiles(dir).Select(f => Path.GetFileName(f)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void The_next_write_removes_the_temporary_files_of_dead_writers_of_that_file_only()
    {
        var dir = Directory.CreateTempSubdirectory("offlinerl-atomic-").FullName;
        try
        {
            int dead;
            using (var gone = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!)
            {
                gone.WaitForExit();
                dead = gone.Id;
            }

            string Temp(string target, int pid) => Path.Combine(dir, string.Create(CultureInfo.InvariantCulture, $".{target}.{pid}.{Guid.NewGuid():N}.tmp"));
            var deadWriter = Temp("policy.onnx", dead);
            var liveWriter = Temp("policy.onnx", Environment.ProcessId);
            var otherFile = Temp("data.npz", dead);
            foreach (var temp in new[] { deadWriter, liveWriter, otherFile })
            {
                File.WriteAllBytes(temp, [0]);
            }

            AtomicFile.WriteAllText(Path.Combine(dir, "policy.onnx"), "new");
            Assert.False(File.Exists(deadWriter));
            Assert.True(File.Exists(liveWriter));
            Assert.True(File.Exists(otherFile));
            Assert.Equal("new", File.ReadAllText(Path.Combine(dir, "policy.onnx")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Onnx_export_killed_mid_write_leaves_the_old_model_whole()
    {
        var dir = Directory.CreateTempSubdirectory("offlinerl-atomic-").FullName;
        try
        {
            var data = Path.Combine(dir, "pendulum.npz");
            Cli(["generate", "--env", "Pendulum-v1", "--kind", "medium", "--steps", "2000", "--seed", "0", "--out", data]);

            // Two policies large enough that writing one (4 MB) and flushing it to disk takes milliseconds.
            foreach (var seed in new[] { "1", "2" })
            {
                Cli(["train", "--data", data, "--algo", "bc", "--steps", "1", "--batch", "32", "--hidden", "1024,1024", "--seed", seed, "--out", Path.Combine(dir, "policy" + seed)]);
            }

            var target = Path.Combine(dir, "policy.onnx");
            var fresh = Path.Combine(dir, "fresh.onnx");
            string[] writeOld = ["export", "--policy", Path.Combine(dir, "policy1"), "--onnx", target];
            Cli(["export", "--policy", Path.Combine(dir, "policy2"), "--onnx", fresh]);
            KillDuringWrites(target, writeOld, File.ReadAllBytes(fresh), ["export", "--policy", Path.Combine(dir, "policy2"), "--onnx", target]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Dataset_generation_killed_mid_write_leaves_the_old_dataset_whole()
    {
        var dir = Directory.CreateTempSubdirectory("offlinerl-atomic-").FullName;
        try
        {
            var target = Path.Combine(dir, "pendulum.npz");
            var fresh = Path.Combine(dir, "fresh.npz");
            string[] Generate(string seed, string path) => ["generate", "--env", "Pendulum-v1", "--kind", "medium", "--steps", "100000", "--seed", seed, "--out", path];
            Cli(Generate("2", fresh));
            KillDuringWrites(target, Generate("1", target), File.ReadAllBytes(fresh), Generate("2", target));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void Cli(string[] args)
    {
        var (code, _, error) = CliRunner.Run(args);
        Assert.True(code == 0, $"offlinerl {string.Join(' ', args)}: {error}");
    }

    // Starts `writeNew` (which replaces `target`) in a child process and SIGKILLs it the moment its temporary file
    // appears, a few times: the target is then always the old bytes or the new ones — the old ones whenever the
    // temporary file is still there (the kill came before the rename) — and at least one kill lands mid-write. A
    // write after the kills succeeds and removes the killed writers' temporary files.
    private void KillDuringWrites(string target, string[] writeOld, byte[] fresh, string[] writeNew)
    {
        var dir = Path.GetDirectoryName(target)!;
        var prefix = "." + Path.GetFileName(target) + ".";
        Cli(writeOld);
        var old = File.ReadAllBytes(target);
        Assert.False(old.AsSpan().SequenceEqual(fresh), "the old and the new file must differ for the test to tell them apart");
        var landed = 0;
        for (var attempt = 1; attempt <= KillAttempts && landed < 2; attempt++)
        {
            if (!File.ReadAllBytes(target).AsSpan().SequenceEqual(old))
            {
                Cli(writeOld);
            }

            using var child = CliProcess.Start(writeNew);
            var own = prefix + child.Id.ToString(CultureInfo.InvariantCulture) + ".";
            bool InFlight() => Directory.EnumerateFiles(dir, prefix + "*.tmp").Any(f => Path.GetFileName(f).StartsWith(own, StringComparison.Ordinal));
            var clock = Stopwatch.StartNew();
            var killed = false;
            for (var i = 0; !killed; i++)
            {
                if (InFlight())
                {
                    child.KillHard();
                    killed = true;
                }
                else if (i % 256 == 0 && (child.HasExited || clock.Elapsed > RunTimeout))
                {
                    break;
                }
                else
                {
                    Thread.Yield();
                }
            }

            Assert.True(killed || child.ExitCode == 0, $"attempt {attempt}: offlinerl {string.Join(' ', writeNew)} exited with {child.ExitCode}:\n{child.Output}");
            var now = File.ReadAllBytes(target);
            var midWrite = killed && InFlight();
            var state = now.AsSpan().SequenceEqual(old) ? "old" : now.AsSpan().SequenceEqual(fresh) ? "new" : "neither";
            output.WriteLine($"attempt {attempt}: {(killed ? "killed" : "finished")}, temporary file {(midWrite ? "present" : "absent")}, target holds the {state} bytes");
            Assert.True(state != "neither", $"attempt {attempt}: {target} is torn ({now.Length} bytes; old {old.Length}, new {fresh.Length})");
            if (midWrite)
            {
                Assert.Equal("old", state);
                landed++;
            }
        }

        Assert.True(landed >= 1, $"no kill of {KillAttempts} landed inside the write of {target}");
        Cli(writeNew);
        Assert.Equal(fresh, File.ReadAllBytes(target));
        Assert.Empty(Directory.EnumerateFiles(dir, prefix + "*.tmp"));
    }
}
