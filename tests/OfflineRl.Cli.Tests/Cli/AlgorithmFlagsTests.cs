using System.CommandLine;
using OfflineRl.Cli;
using OfflineRl.MLNet.Algorithms.Awac;
using OfflineRl.MLNet.Algorithms.Awr;
using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Algorithms.Iql;
using OfflineRl.MLNet.Algorithms.QChunking;

namespace OfflineRl.MLNet.Tests.Cli;

/// <summary><c>train</c>'s hyperparameter flags come from the options types, so a new algorithm needs no CLI edit.</summary>
public sealed class AlgorithmFlagsTests
{
    private static readonly AlgorithmFlags Flags = AlgorithmFlags.ForAllAlgorithms().Describe();

    [Fact]
    public void Flags_are_the_options_properties_in_kebab_case_with_the_old_short_names_as_aliases()
    {
        var names = Flags.Options.Select(o => o.Name).ToHashSet();
        string[] expected = ["--steps", "--batch-size", "--hidden-sizes", "--learning-rate", "--discount", "--normalize-observations", "--head",
            "--use-weights", "--cosine-decay", "--top-fraction", "--inverse-temperature", "--max-weight", "--value-steps", "--expectile",
            "--update-rate", "--actor-cosine-decay", "--alpha", "--policy-noise", "--noise-clip", "--policy-frequency", "--actor-penalty",
            "--critic-penalty", "--critic-layer-norm", "--normalize-q", "--policy-extraction", "--behavior-penalty",
            "--threshold", "--logit-penalty", "--scale-update-rate", "--regularization", "--state-term", "--chunk-length",
            "--conservative-weight", "--sampled-actions", "--lagrange", "--target-gap", "--actor-learning-rate", "--temperature",
            "--learn-temperature", "--behavior-cloning-steps", "--backup-entropy", "--validation-fraction"];
        Assert.Equal(expected.Order(), names.Order());
        Assert.Contains("--beta", Flags.Options.Single(o => o.Name == "--inverse-temperature").Aliases);
        Assert.Contains("--lr", Flags.Options.Single(o => o.Name == "--learning-rate").Aliases);
    }

    [Fact]
    public void Help_comes_from_the_xml_docs_with_each_algorithms_default()
    {
        var beta = Flags.Options.Single(o => o.Name == "--inverse-temperature").Description!;
        Assert.StartsWith("awr, rwr, marwil, iql, awac: Inverse temperature β", beta);
        Assert.EndsWith("default awr 1, rwr 1, marwil 1, iql 3, awac 1)", beta);
        Assert.EndsWith("default 0.7)", Flags.Options.Single(o => o.Name == "--expectile").Description);
    }

    [Fact]
    public void Given_flags_set_the_options_and_others_keep_the_algorithms_defaults()
    {
        var iql = Assert.IsType<IqlOptions>(Read("iql", "--beta", "5", "--expectile", "0.8", "--hidden", "32,16", "--update-rate", "0.01"));
        Assert.Equal((5f, 0.8f, 0.01f), (iql.Weighting.InverseTemperature, iql.Expectile, iql.TargetNetwork.UpdateRate));
        Assert.Equal([32, 16], iql.HiddenSizes);
        Assert.Equal(100f, iql.Weighting.MaxWeight);
        Assert.True(iql.ActorCosineDecay);

        var chunks = Assert.IsType<QChunkingOptions>(Read("q-chunking", "--chunk-length", "3", "--critic-layer-norm", "false"));
        Assert.Equal((3, false, QChunkingOptions.DefaultAlpha), (chunks.ChunkLength, chunks.CriticLayerNorm, chunks.Alpha));
        Assert.Equal(QChunkingOptions.DefaultChunkLength, Assert.IsType<QChunkingOptions>(Read("q-chunking")).ChunkLength);

        var awac = Assert.IsType<AwacOptions>(Read("awac"));
        Assert.Equal(AwacOptions.DefaultInverseTemperature, awac.Weighting.InverseTemperature);

        var filtered = Assert.IsType<FilteredBehaviorCloningOptions>(Read("filtered-bc", "--top-fraction", "0.25", "--cosine-decay"));
        Assert.Equal(0.25, filtered.TopFraction);
        Assert.True(filtered.CosineDecay);

        var awr = Assert.IsType<AwrOptions>(Read("awr", "--normalize-observations", "false", "--head", "deterministic"));
        Assert.False(awr.NormalizeObservations);
        Assert.Equal(MLNet.Trainers.PolicyHead.Deterministic, awr.Head);
    }

    [Fact]
    public void A_flag_of_another_algorithm_or_a_bad_value_is_an_error_that_says_which()
    {
        var other = Assert.Throws<ArgumentException>(() => Read("awr", "--expectile", "0.8"));
        Assert.Equal("--expectile is not a setting of awr; it is one of iql.", other.Message);
        var bad = Assert.Throws<ArgumentException>(() => Read("bc", "--hidden", "64,x"));
        Assert.Equal("--hidden-sizes 64,x: comma-separated integers.", bad.Message);
    }

    [Fact]
    public void The_readme_algorithm_table_is_the_registry_with_each_algorithms_own_flags()
    {
        var readme = File.ReadAllText(Path.Combine(TestData.RepoRoot, "README.md"));
        foreach (var algorithm in PolicyTrainersCatalog.Algorithms)
        {
            var flags = string.Join(", ", Flags.NamesFor(algorithm.Name).Select(f => $"`{f}`"));
            Assert.Contains($"| `{algorithm.Name}` | {algorithm.Summary} | {flags} |", readme);
        }
    }

    private static MLNet.Trainers.TrainerOptions Read(string algorithm, params string[] args)
    {
        var command = new Command("train");
        foreach (var option in Flags.Options)
        {
            command.Add(option);
        }

        return Flags.Read(algorithm, command.Parse(args));
    }
}
