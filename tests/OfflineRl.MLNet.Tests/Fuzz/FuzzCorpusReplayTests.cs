using OfflineRl.Fuzz;

namespace OfflineRl.MLNet.Tests.Fuzz;

/// <summary>
/// Replays the saved fuzz corpora (fuzz/corpus/TARGET: the seeds, queue entries worth keeping and every crash found)
/// through the harness's own entry points: only the library's own error types may come out, each with a message. Names
/// say what a file is: <c>crash-*</c> a fixed crash (refused), <c>queue-*</c> a queue entry kept for its coverage
/// (either answer), anything else a seed (accepted).
/// </summary>
public sealed class FuzzCorpusReplayTests
{
    private static string CorpusRoot => Path.Combine(TestData.RepoRoot, "fuzz", "corpus");

    public static TheoryData<string, string> Inputs
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var target in FuzzTargets.Names)
            {
                foreach (var file in Directory.GetFiles(Path.Combine(CorpusRoot, target)).Order(StringComparer.Ordinal))
                {
                    data.Add(target, Path.GetFileName(file));
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void A_saved_input_gets_an_answer_or_the_libraries_own_error(string target, string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(CorpusRoot, target, file));
        var message = FuzzTargets.Run(target, bytes);
        if (file.StartsWith("crash-", StringComparison.Ordinal))
        {
            // A crash that was fixed: now refused with the library's error and a message.
            Assert.False(string.IsNullOrWhiteSpace(message), $"{target}/{file} was accepted; it is expected to be refused");
        }
        else if (!file.StartsWith("queue-", StringComparison.Ordinal))
        {
            // A seed, written by the library's own writers: valid input.
            Assert.True(message is null, $"{target}/{file}: the seed was refused: {message}");
        }
    }

    [Fact]
    public void Every_target_has_a_small_committed_corpus()
    {
        foreach (var target in FuzzTargets.Names)
        {
            var files = Directory.GetFiles(Path.Combine(CorpusRoot, target));
            Assert.NotEmpty(files);
            Assert.Contains(files, f => FuzzTargets.Run(target, File.ReadAllBytes(f)) is null);
            var bytes = files.Sum(f => new FileInfo(f).Length);
            Assert.True(bytes < 256 << 10, $"fuzz/corpus/{target} holds {bytes} bytes; keep the saved corpus small (minimize with afl-cmin)");
        }
    }

    [Fact]
    public void Targets_refuse_an_unknown_name_and_accept_their_seeds()
    {
        var ex = Assert.Throws<ArgumentException>(() => FuzzTargets.Run("nope", []));
        Assert.Contains("unknown fuzz target 'nope'", ex.Message, StringComparison.Ordinal);
        Assert.Null(FuzzTargets.Run("act", "{\"observation\":[1,2,3,4]}"u8.ToArray()));
        Assert.Contains("has 3 values; the model expects 4", FuzzTargets.Run("act", "{\"observation\":[1,2,3]}"u8.ToArray()), StringComparison.Ordinal);
    }
}
