using System.Text;
using OfflineRl.MLNet.Algorithms.Awac;
using OfflineRl.MLNet.Environments;
using OfflineRl.MLNet.Evaluation;

namespace OfflineRl.MLNet.Tests.Evaluation;

public sealed class BenchmarkSettingsTests
{
    private const string Classic = """
        "name": "classic", "environments": ["CartPole-v1"], "setBySteps": ["Steps"], "shared": { "Steps": 100, "HiddenSizes": [8] }
        """;

    private static BenchmarkSettings Parse(string group) =>
        BenchmarkSettings.Parse(Encoding.UTF8.GetBytes($$"""{ "groups": [ { {{group}} } ] }"""), "test-settings.json");

    [Fact]
    public void The_shipped_settings_are_embedded_and_cover_every_environment()
    {
        Assert.StartsWith("benchmark-settings.json (sha256 ", BenchmarkAlgorithm.SettingsFile, StringComparison.Ordinal);
        Assert.All(EnvironmentCatalog.Ids.Except(EnvironmentCatalog.LocomotionIds), id => BenchmarkAlgorithm.OptionsFor("bc", id));
    }

    [Fact]
    public void An_algorithm_without_an_entry_gets_the_shared_settings_over_its_defaults_and_nested_options_populate()
    {
        var settings = Parse(Classic + """, "algorithms": { "iql": { "Weighting": { "InverseTemperature": 7 }, "TargetNetwork": { "UpdateRate": 0.01 } } }""");
        var awac = (AwacOptions)settings.OptionsFor("awac", "cartpole-v1", steps: null);
        Assert.Equal(100, awac.Steps);
        Assert.Equal([8], awac.HiddenSizes);
        Assert.Equal(AwacOptions.DefaultInverseTemperature, awac.Weighting.InverseTemperature);
        var iql = (OfflineRl.MLNet.Algorithms.Iql.IqlOptions)settings.OptionsFor("iql", "CartPole-v1", steps: 7);
        Assert.Equal(7, iql.Steps);
        Assert.Equal(7f, iql.Weighting.InverseTemperature);
        Assert.Equal(0.01f, iql.TargetNetwork.UpdateRate);
    }

    [Fact]
    public void A_result_key_changes_with_the_entries_its_row_reads_and_not_with_others()
    {
        static BenchmarkSettings Two(string classicIql, string locomotionIql) => BenchmarkSettings.Parse(Encoding.UTF8.GetBytes($$"""
            { "groups": [
                { "name": "classic", "environments": ["CartPole-v1"], "setBySteps": ["Steps"], "shared": { "Steps": 100 }, "algorithms": { "iql": {{classicIql}} } },
                { "name": "locomotion", "environments": ["Hopper-v4"], "setBySteps": ["Steps"], "shared": { "Steps": 100 }, "algorithms": { "iql": {{locomotionIql}} } } ],
              "variants": [ { "name": "iql-ddpgbc", "title": "IQL+DDPG+BC", "algorithm": "iql", "settings": { "PolicyExtraction": "DdpgBc" } } ] }
            """), "t.json");
        var a = Two("""{ "Expectile": 0.8 }""", """{ "Expectile": 0.7 }""");
        var b = Two("""{ "Expectile": 0.9 }""", """{ "Expectile": 0.7 }""");
        var c = Two("""{ "Expectile": 0.8 }""", """{ "Expectile": 0.6 }""");
        Assert.Equal(a.Describe("iql", "Hopper-v4", null), b.Describe("iql", "Hopper-v4", null));
        Assert.NotEqual(a.Describe("iql", "CartPole-v1", null), b.Describe("iql", "CartPole-v1", null));
        Assert.NotEqual(a.Describe("iql", "Hopper-v4", null), c.Describe("iql", "Hopper-v4", null));
        Assert.NotEqual(a.Describe("iql-ddpgbc", "Hopper-v4", null), c.Describe("iql-ddpgbc", "Hopper-v4", null));
        Assert.NotEqual(a.Describe("iql", "Hopper-v4", null), a.Describe("iql-ddpgbc", "Hopper-v4", null));
        Assert.NotEqual(a.Describe("iql", "Hopper-v4", 100), a.Describe("iql", "Hopper-v4", 101));
        Assert.Equal(a.Describe("bc", "Hopper-v4", null), c.Describe("bc", "Hopper-v4", null));
    }

    [Fact]
    public void The_locomotion_group_scales_iql_rewards_as_the_iql_paper_and_only_there()
    {
        var shipped = BenchmarkSettings.Default;
        Assert.True(shipped.ScalesRewards("iql", "Hopper-v4"));
        Assert.True(shipped.ScalesRewards("iql-ddpgbc", "HalfCheetah-v4"));
        Assert.False(shipped.ScalesRewards("td3bc", "Hopper-v4"));
        Assert.False(shipped.ScalesRewards("iql", "Pendulum-v1"));
        Assert.Contains("scale-rewards", shipped.Describe("iql", "Walker2d-v4", null), StringComparison.Ordinal);
        var error = Assert.Throws<InvalidDataException>(() => Parse(Classic + """, "scaleRewards": ["iqll"]"""));
        Assert.Contains("'iqll' in \"scaleRewards\"", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(""", "algorithms": { "iql": { "Expectle": 0.8 } }""", "algorithm 'iql'", "'Expectle'")]
    [InlineData(""", "algorithms": { "iql": { "Weighting": { "Beta": 3 } } }""", "algorithm 'iql'", "'Beta'")]
    [InlineData(""", "algorithms": { "bc": { "Run": { "Threads": 2 } } }""", "algorithm 'bc'", "'Run'")]
    [InlineData(""", "algorithms": { "bc": { "Expectile": 0.8 } }""", "algorithm 'bc'", "'Expectile'")]
    [InlineData(""", "algorithms": { "no-such-algorithm": { } }""", "'no-such-algorithm'", "algorithms")]
    [InlineData(""", "algorithms": { "bc": { "Steps": "many" } }""", "algorithm 'bc'", "'Steps'")]
    [InlineData(""", "tuning": 1""", "'tuning'", "group")]
    public void An_unknown_or_ill_typed_setting_is_an_error_naming_the_file_the_algorithm_and_the_property(string extra, string algorithm, string property)
    {
        var error = Assert.Throws<InvalidDataException>(() => Parse(Classic + extra));
        Assert.Contains("test-settings.json", error.Message, StringComparison.Ordinal);
        Assert.Contains(algorithm, error.Message, StringComparison.Ordinal);
        Assert.Contains(property, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shared_setting_some_algorithm_lacks_is_an_error_naming_that_algorithm()
    {
        var error = Assert.Throws<InvalidDataException>(() => Parse("""
            "name": "classic", "environments": ["CartPole-v1"], "shared": { "ValueSteps": 100 }
            """));
        Assert.Contains("algorithm 'bc'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'ValueSteps'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_environment_without_a_group_or_an_unknown_id_is_an_error()
    {
        var missing = Assert.Throws<ArgumentException>(() => Parse(Classic).OptionsFor("bc", EnvironmentCatalog.Pendulum, null));
        Assert.Contains("Pendulum-v1", missing.Message, StringComparison.Ordinal);
        var unknown = Assert.Throws<InvalidDataException>(() => Parse("""
            "name": "classic", "environments": ["CartPole-v9"]
            """));
        Assert.Contains("CartPole-v9", unknown.Message, StringComparison.Ordinal);
    }

    private static BenchmarkSettings ParseWithVariants(string variants, string groupEntries = "") =>
        BenchmarkSettings.Parse(Encoding.UTF8.GetBytes($$"""{ "groups": [ { {{Classic}}, "algorithms": { "iql": { "Expectile": 0.8 }{{groupEntries}} } } ], "variants": [ {{variants}} ] }"""), "test-settings.json");

    [Fact]
    public void A_groups_entry_for_a_variant_goes_over_the_variants_settings_in_that_group()
    {
        var settings = ParseWithVariants(
            """{ "name": "iql-ddpgbc", "title": "IQL+DDPG+BC", "algorithm": "iql", "settings": { "PolicyExtraction": "DdpgBc", "BehaviorPenalty": 0.5 } }""",
            """, "iql-ddpgbc": { "BehaviorPenalty": 0.1 }""");
        var options = (OfflineRl.MLNet.Algorithms.Iql.IqlOptions)settings.OptionsFor("iql-ddpgbc", "CartPole-v1", steps: null);
        Assert.Equal(0.1f, options.BehaviorPenalty);
        Assert.Equal(0.8f, options.Expectile);
        var error = Assert.Throws<InvalidDataException>(() => ParseWithVariants(
            """{ "name": "iql-ddpgbc", "title": "IQL+DDPG+BC", "algorithm": "iql" }""", """, "iql-ddpgbc": { "Alpha": 1 } """));
        Assert.Contains("variant 'iql-ddpgbc'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Alpha'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_variant_is_its_algorithms_group_settings_with_its_own_over_them()
    {
        var settings = ParseWithVariants("""{ "name": "iql-ddpgbc", "title": "IQL+DDPG+BC", "algorithm": "iql", "settings": { "PolicyExtraction": "DdpgBc", "BehaviorPenalty": 0.5 }, "continuousOnly": true }""");
        var variant = Assert.Single(settings.Variants);
        Assert.True(variant.ContinuousOnly);
        var options = (OfflineRl.MLNet.Algorithms.Iql.IqlOptions)settings.OptionsFor("iql-ddpgbc", "CartPole-v1", steps: 9);
        Assert.Equal(9, options.Steps);
        Assert.Equal(0.8f, options.Expectile);
        Assert.Equal(OfflineRl.MLNet.Algorithms.Iql.IqlPolicyExtraction.DdpgBc, options.PolicyExtraction);
        Assert.Equal(0.5f, options.BehaviorPenalty);
        var plain = (OfflineRl.MLNet.Algorithms.Iql.IqlOptions)settings.OptionsFor("iql", "CartPole-v1", steps: 9);
        Assert.Equal(OfflineRl.MLNet.Algorithms.Iql.IqlPolicyExtraction.AdvantageWeighted, plain.PolicyExtraction);
    }

    [Theory]
    [InlineData("""{ "name": "x", "title": "X", "algorithm": "sac" }""", "'sac'")]
    [InlineData("""{ "name": "iql", "title": "X", "algorithm": "iql" }""", "'iql' repeats")]
    [InlineData("""{ "name": "x", "title": "X", "algorithm": "iql", "settings": { "Expectle": 1 } }""", "'Expectle'")]
    [InlineData("""{ "name": "x", "algorithm": "iql" }""", "\"title\"")]
    [InlineData("""{ "name": "x", "title": "X", "algorithm": "iql", "tuning": 1 }""", "'tuning'")]
    public void A_bad_variant_is_an_error_naming_what_is_wrong(string variant, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => ParseWithVariants(variant));
        Assert.Contains("test-settings.json", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shipped_variants_run_after_their_algorithm_and_skip_discrete_tasks()
    {
        var rows = BenchmarkAlgorithm.Defaults();
        var ids = rows.Select(r => r.Id).ToList();
        Assert.Equal(ids.IndexOf("iql") + 1, ids.IndexOf("iql-ddpgbc"));
        var variant = rows.Single(r => r.Id == "iql-ddpgbc");
        Assert.Equal("IQL+DDPG+BC", variant.Name);
        Assert.False(variant.Supports!(EnvironmentCatalog.CartPole));
        Assert.True(variant.Supports!(EnvironmentCatalog.Pendulum));
    }
}
