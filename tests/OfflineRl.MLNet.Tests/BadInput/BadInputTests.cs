namespace OfflineRl.MLNet.Tests.BadInput;

/// <summary>Every catalogue case gets its exception type and a message that says what is wrong and where.</summary>
public sealed class BadInputTests
{
    public static TheoryData<string> CaseIds => [.. BadInputCatalogue.Cases.Select(c => c.Id)];

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void The_answer_says_what_is_wrong_and_where(string id)
    {
        var c = BadInputCatalogue.Cases.Single(x => x.Id == id);
        var message = BadInputRunner.Answer(c, out var type);
        Assert.True(c.Expected.IsAssignableFrom(type), $"{id}: expected {c.Expected.Name}, got {type.Name}: {message}");
        foreach (var fragment in c.MustSay)
        {
            Assert.Contains(fragment, message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_catalogue_has_at_least_60_distinct_cases_over_every_area()
    {
        var cases = BadInputCatalogue.Cases;
        Assert.True(cases.Count >= 60, $"{cases.Count} cases");
        Assert.Equal(cases.Count, cases.Select(c => c.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.All(cases, c => Assert.NotEmpty(c.MustSay));
        var areas = cases.Select(c => c.Area).ToHashSet(StringComparer.Ordinal);
        foreach (var area in new[] { "NPY / NPZ data", "CSV data", "Options", "ONNX models", "Checkpoints", "Native model files" })
        {
            Assert.Contains(area, areas);
        }

        Assert.Contains(areas, a => a.StartsWith("HTTP", StringComparison.Ordinal));
    }
}

/// <summary>Runs a case in a folder of its own and returns its answer with that folder's path taken out.</summary>
internal static class BadInputRunner
{
    public static string Answer(BadInputCase c, out Type type)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"offlinerl-bad-{c.Id}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            c.Run(dir);
        }
        catch (Exception ex)
        {
            type = ex.GetType();
            return ex.Message.Replace(dir + Path.DirectorySeparatorChar, "", StringComparison.Ordinal).Replace(dir, ".", StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        throw new Xunit.Sdk.XunitException($"{c.Id}: {c.Input} was accepted");
    }
}
