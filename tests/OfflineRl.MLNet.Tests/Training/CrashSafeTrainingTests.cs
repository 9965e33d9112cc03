using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using OfflineRl.MLNet.Tests.Cli;
using OfflineRl.MLNet.Training;
using Xunit.Abstractions;

namespace OfflineRl.MLNet.Tests.Training;

/// <summary>
/// <c>offlinerl train</c> in its own process, killed with SIGKILL again and again — at random points and inside checkpoint
/// writes — and resumed each time from its checkpoint folder, ends with the bytes of an uninterrupted run; after every
/// kill each checkpoint on disk is a complete one.
/// </summary>
[Trait(Tier.Name, Tier.Slow)]
public sealed partial class CrashSafeTrainingTests(ITestOutputHelper output)
{
    private const int Steps = 1200;
    private const int CheckpointEvery = 10;
    private const int RandomKills = 3;
    private const int MidWriteKills = 3;
    private const int MaxKills = 14;
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public void Training_killed_at_random_points_and_inside_checkpoint_writes_resumes_to_the_bytes_of_an_uninterrupted_run()
    {
        var root = Directory.CreateTempSubdirectory("offlinerl-crash-").FullName;
        try
        {
            var data = Path.Combine(root, "pendulum.npz");
            var (code, _, error) = CliRunner.Run("generate", "--env", "Pendulum-v1", "--kind", "medium", "--steps", "2000", "--seed", "0", "--out", data);
            Assert.True(code == 0, error);
            var reference = Path.Combine(root, "reference");
            CliProcess.Run(RunTimeout, Train(data, reference, resume: null));
            var referenceCheckpoints = Path.Combine(reference, "checkpoints");

            var run = Path.Combine(root, "interrupted");
            var checkpoints = Path.Combine(run, "checkpoints");
            var seed = Environment.TickCount;
            var random = new Random(seed);
            var history = new List<string> { $"kill delays from seed {seed}" };
            int kills = 0, randomKills = 0, midWrite = 0, newest = 0;
            while ((randomKills < RandomKills || midWrite < MidWriteKills) && kills < MaxKills)
            {
                var aimMidWrite = midWrite < MidWriteKills && (randomKills >= RandomKills || kills % 2 == 1);
                var delay = random.Next(0, 300);
                using var child = CliProcess.Start(Train(data, run, resume: newest > 0 ? checkpoints : null));
                var killed = aimMidWrite ? KillWhenWriteStarts(child, checkpoints, newest) : KillAfterProgress(child, checkpoints, newest, delay);
                Assert.True(killed, $"the run ended (exit {child.ExitCode}) before kill {kills + 1}; make it longer:\n{string.Join('\n', history)}\n{child.Output}");
                kills++;

                // Every checkpoint on disk is complete: byte-identical to the uninterrupted run's of the same step, and
                // they are every step up to the newest (none missing, none torn).
                var steps = CheckpointSteps(checkpoints);
                var now = steps.Count == 0 ? 0 : steps[^1];
                Assert.Equal(Enumerable.Range(1, now / CheckpointEvery).Select(i => i * CheckpointEvery), steps);
                Assert.True(now >= newest, $"kill {kills}: the newest checkpoint went back from {newest} to {now}");
                foreach (var step in steps)
                {
                    AssertSameBytes(TrainingLoop.CheckpointPath(referenceCheckpoints, step), TrainingLoop.CheckpointPath(checkpoints, step), $"after kill {kills}");
                }

                // A temporary file of the killed process still there means the kill landed between its creation and its
                // rename: the checkpoint it was writing is absent and the previous one is the newest.
                var inFlight = TempTargets(checkpoints, child.Id);
                if (inFlight.Count > 0)
                {
                    Assert.Equal([now + CheckpointEvery], inFlight);
                    Assert.False(File.Exists(TrainingLoop.CheckpointPath(checkpoints, now + CheckpointEvery)));
                }

                if (aimMidWrite && inFlight.Count > 0)
                {
                    midWrite++;
                }
                else
                {
                    randomKills++;
                }

                var how = aimMidWrite ? "at a write" : string.Create(CultureInfo.InvariantCulture, $"{delay} ms after a new checkpoint");
                var what = inFlight.Count > 0 ? string.Create(CultureInfo.InvariantCulture, $"checkpoint {inFlight[0]} was being written") : "no write in flight";
                history.Add(string.Create(CultureInfo.InvariantCulture, $"kill {kills}: {how}; newest checkpoint {now}; {what}"));
                newest = now;
            }

            foreach (var line in history)
            {
                output.WriteLine(line);
            }

            Assert.True(midWrite >= MidWriteKills, $"only {midWrite} of {kills} kills landed inside a checkpoint write:\n{string.Join('\n', history)}");
            CliProcess.Run(RunTimeout, Train(data, run, resume: newest > 0 ? checkpoints : null));

            foreach (var file in new[] { "policy.bin", "values.bin" })
            {
                AssertSameBytes(Path.Combine(reference, file), Path.Combine(run, file), "the final weights");
            }

            var all = CheckpointSteps(checkpoints);
            Assert.Equal(Enumerable.Range(1, Steps / CheckpointEvery).Select(i => i * CheckpointEvery), all);
            foreach (var step in all)
            {
                AssertSameBytes(TrainingLoop.CheckpointPath(referenceCheckpoints, step), TrainingLoop.CheckpointPath(checkpoints, step), "at the end");
            }

            // The killed writers' temporary files went when their checkpoints were written again; the log has each
            // report step once, as the uninterrupted run's.
            Assert.Empty(Directory.EnumerateFiles(run, "*.tmp", SearchOption.AllDirectories));
            Assert.Equal(LogSteps(Path.Combine(reference, "training-log.csv")), LogSteps(Path.Combine(run, "training-log.csv")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Resuming_from_a_folder_takes_its_newest_checkpoint_and_ignores_temporary_files()
    {
        var dir = Directory.CreateTempSubdirectory("offlinerl-resume-").FullName;
        try
        {
            var error = Assert.Throws<FileNotFoundException>(() => TrainingLoop.ResolveCheckpoint(dir));
            Assert.Contains("no checkpoint-<step>.bin in this folder", error.Message, StringComparison.Ordinal);
            File.WriteAllBytes(TrainingLoop.CheckpointPath(dir, 90), [1]);
            File.WriteAllBytes(TrainingLoop.CheckpointPath(dir, 100), [2]);
            File.WriteAllBytes(Path.Combine(dir, ".checkpoint-00000110.bin.1.abc.tmp"), [3]);
            File.WriteAllBytes(Path.Combine(dir, "checkpoint-latest.bin"), [4]);
            Assert.Equal(TrainingLoop.CheckpointPath(dir, 100), TrainingLoop.ResolveCheckpoint(dir));
            var file = TrainingLoop.CheckpointPath(dir, 90);
            Assert.Equal(file, TrainingLoop.ResolveCheckpoint(file));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Before_a_resume_the_log_loses_the_rows_after_the_checkpoint_and_a_torn_last_line()
    {
        var path = TestData.TempFile(".csv");
        try
        {
            File.WriteAllText(path, "step,q,steps_per_second\n100,1.5,200\n200,1.25,210\n300,1.0,190\n40");
            TrainingLog.DropRowsAfter(path, 200);
            Assert.Equal("step,q,steps_per_second\n100,1.5,200\n200,1.25,210\n", File.ReadAllText(path));
            TrainingLog.DropRowsAfter(path, 0);
            Assert.Equal("step,q,steps_per_second\n", File.ReadAllText(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string[] Train(string data, string outDir, string? resume)
    {
        string[] args =
        [
            "train", "--data", data, "--algo", "iql", "--steps", Steps.ToString(CultureInfo.InvariantCulture), "--batch", "64",
            "--hidden", "64,64", "--seed", "7", "--threads", "1", "--checkpoint-every", CheckpointEvery.ToString(CultureInfo.InvariantCulture),
            "--out", outDir,
        ];
        return resume is null ? args : [.. args, "--resume", resume];
    }

    // Once the process has written its first checkpoint (past start-up, sleeping meanwhile), polls as fast as it can for
    // a temporary checkpoint file of this process and kills the moment one appears (a checkpoint write, flushed to disk,
    // takes milliseconds here); false when the process exits first.
    private static bool KillWhenWriteStarts(CliProcess child, string checkpoints, int newest)
    {
        if (!WaitForCheckpoint(child, checkpoints, newest + CheckpointEvery))
        {
            return false;
        }

        var clock = Stopwatch.StartNew();
        for (var i = 0; ; i++)
        {
            if (TempTargets(checkpoints, child.Id).Count > 0)
            {
                child.KillHard();
                return true;
            }

            if (i % 256 == 0 && (child.HasExited || clock.Elapsed > RunTimeout))
            {
                return false;
            }
        }
    }

    // Waits until the process has written a checkpoint beyond `newest` (so each run makes progress), then `delayMs` more.
    private static bool KillAfterProgress(CliProcess child, string checkpoints, int newest, int delayMs)
    {
        if (!WaitForCheckpoint(child, checkpoints, newest + CheckpointEvery))
        {
            return false;
        }

        Thread.Sleep(delayMs);
        if (child.HasExited)
        {
            return false;
        }

        child.KillHard();
        return true;
    }

    private static bool WaitForCheckpoint(CliProcess child, string checkpoints, int step)
    {
        var clock = Stopwatch.StartNew();
        while (!File.Exists(TrainingLoop.CheckpointPath(checkpoints, step)))
        {
            if (child.HasExited || clock.Elapsed > RunTimeout)
            {
                return false;
            }

            Thread.Sleep(2);
        }

        return true;
    }

    private static List<int> CheckpointSteps(string dir) =>
        !Directory.Exists(dir)
            ? []
            : Directory.EnumerateFiles(dir, "checkpoint-*.bin")
                .Select(f => int.Parse(Path.GetFileNameWithoutExtension(f)["checkpoint-".Length..], CultureInfo.InvariantCulture))
                .Order()
                .ToList();

    private static List<int> TempTargets(string dir, int pid) =>
        Directory.EnumerateFiles(dir, ".checkpoint-*.tmp")
            .Select(f => TempName().Match(Path.GetFileName(f)))
            .Where(m => m.Success && int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) == pid)
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))
            .ToList();

    private static List<string> LogSteps(string path) => File.ReadAllLines(path).Skip(1).Select(l => l[..l.IndexOf(',', StringComparison.Ordinal)]).ToList();

    private static void AssertSameBytes(string expectedPath, string actualPath, string when)
    {
        var expected = File.ReadAllBytes(expectedPath);
        var actual = File.ReadAllBytes(actualPath);
        Assert.True(expected.AsSpan().SequenceEqual(actual),
            $"{when}: {actualPath} ({actual.Length} bytes) differs from {expectedPath} ({expected.Length} bytes)");
    }

    [GeneratedRegex(@"^\.checkpoint-(\d{8})\.bin\.(\d+)\.[0-9a-f]{32}\.tmp$")]
    private static partial Regex TempName();
}
