using System.Reflection;
using OfflineRl.MLNet.Environments;

namespace OfflineRl.MLNet.Tests.Environments;

/// <summary>
/// <see cref="EnvironmentRegistry"/> is the only list of environments: each is declared once, and every id the catalog
/// offers has an entry complete enough for the controllers, scores, datasets and benchmark that read it.
/// </summary>
public sealed class EnvironmentRegistryTests
{
    public static TheoryData<string> Ids() => [.. EnvironmentCatalog.Ids.Except(EnvironmentCatalog.LocomotionIds)];

    public static TheoryData<string> LocomotionIds() => [.. EnvironmentCatalog.LocomotionIds];

    [Theory]
    [MemberData(nameof(LocomotionIds))]
    public void Every_locomotion_id_has_an_entry_without_a_scripted_recipe(string id)
    {
        var entry = EnvironmentRegistry.Get(id);
        Assert.True(entry.IsLocomotion);
        using var environment = (LocomotionEnvironment)entry.Create();
        Assert.Equal(id, environment.Id);
        Assert.True(entry.Reference.Expert > entry.Reference.Random);
        Assert.Null(entry.Flaws);
        Assert.Null(entry.Stitching);
        Assert.DoesNotContain(id, EnvironmentCatalog.ClassicControlIds);
        var error = Assert.Throws<NotSupportedException>(() => entry.Controller(new ControllerKnobs(0.5, 0.1)));
        Assert.Contains(id, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_environment_is_declared_once()
    {
        var all = EnvironmentRegistry.All;
        var repeatedIds = all.GroupBy(e => e.Id, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(repeatedIds.Count == 0, "declared more than once: " + string.Join(", ", repeatedIds));
        Assert.Equal(all.Count, all.Distinct(ReferenceEqualityComparer.Instance).Count());
        Assert.Equal(all.Select(e => e.Id), EnvironmentCatalog.Ids);
    }

    [Fact]
    public void Every_environment_class_declares_an_entry_that_is_registered()
    {
        var classes = typeof(EnvironmentCatalog).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IEnvironment).IsAssignableFrom(t))
            .ToList();
        Assert.Equal(EnvironmentRegistry.All.Count, classes.Count);
        foreach (var type in classes)
        {
            var property = type.GetProperty("Entry", BindingFlags.Static | BindingFlags.NonPublic);
            Assert.True(property?.GetValue(null) is EnvironmentEntry, $"{type.Name} declares no static Entry");
            Assert.Contains((EnvironmentEntry)property!.GetValue(null)!, EnvironmentRegistry.All);
            Assert.IsType(type, ((EnvironmentEntry)property.GetValue(null)!).Create());
        }
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Every_catalog_id_has_a_complete_entry(string id)
    {
        var entry = EnvironmentRegistry.Get(id.ToUpperInvariant());
        Assert.Equal(id, entry.Id);

        var environment = entry.Create();
        Assert.Equal(id, environment.Id);
        Assert.NotSame(environment, entry.Create());

        var controller = entry.Controller(new ControllerKnobs(0.5, 0.1));
        Assert.Equal(id, controller.EnvironmentId);
        Assert.Equal(environment.ActionSpace, controller.ActionSpace);
        Assert.InRange(entry.MediumEpsilon, 0.01, 0.99);

        Assert.True(double.IsFinite(entry.Reference.Random) && double.IsFinite(entry.Reference.Expert), "reference returns");
        Assert.True(entry.Reference.Expert > entry.Reference.Random, $"expert {entry.Reference.Expert} ≤ random {entry.Reference.Random}");
        Assert.InRange(entry.Reference.Normalize(entry.MeasuredEpsilonGreedy), 0, 100);

        // A dataset recipe, exactly one: learner flaws for the behavior levels, or a stitching recipe.
        Assert.True((entry.Flaws is null) != (entry.Stitching is null), $"{id} needs exactly one of learner flaws and a stitching recipe");
        if (entry.Flaws is { } flaws)
        {
            Assert.InRange(flaws.BiasIndex, 0, environment.ObservationDimension - 1);
            Assert.InRange(flaws.HiddenIndex, 0, environment.ObservationDimension - 1);
            Assert.InRange(flaws.MediumFlaw, 0, flaws.RandomFlaw);
            Assert.InRange(flaws.RandomFlaw, flaws.MediumFlaw, 1);
            Assert.Contains(id, EnvironmentCatalog.ClassicControlIds);
        }
        else
        {
            var episodes = entry.Stitching!.Recipe(0);
            Assert.NotEmpty(episodes);
            Assert.All(episodes, e => Assert.Equal(id, e.EnvironmentId));
            Assert.DoesNotContain(id, EnvironmentCatalog.ClassicControlIds);
        }
    }
}
