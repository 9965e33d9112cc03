using System.CommandLine;
using Microsoft.ML;
using OfflineRl.MLNet;
using OfflineRl.MLNet.Pipeline;

namespace OfflineRl.Cli;

/// <summary>Maps <c>--algo</c> and its options to a trainer of the library's algorithm list.</summary>
internal static class TrainerFactory
{
    /// <summary>Algorithm names the CLI accepts.</summary>
    public static IReadOnlyList<string> Algorithms => AlgorithmList.Names;

    /// <summary>"bc | filtered-bc | ..." for help texts.</summary>
    public static string Choices => string.Join(" | ", Algorithms);

    /// <summary>Creates the trainer for <paramref name="algorithm"/>.</summary>
    public static IEstimator<PolicyTransformer> Create(string algorithm, OfflineRlCatalog rl, CommonSettings common, AlgorithmSettings settings)
    {
        ArgumentNullException.ThrowIfNull(rl);
        ArgumentNullException.ThrowIfNull(common);
        ArgumentNullException.ThrowIfNull(settings);
        var entry = AlgorithmList.Find(algorithm);
        return entry.CreateTrainer(rl.Trainers, common.ApplyTo(entry.NewOptions(settings)), settings);
    }

    /// <summary>The algorithm options of <c>train</c>.</summary>
    public sealed class AlgorithmOptions
    {
        private readonly Option<double> _topFraction = new("--top-fraction") { Description = "filtered-bc: fraction of episodes kept.", DefaultValueFactory = _ => 0.1 };
        private readonly Option<float?> _beta = new("--beta") { Description = "advantage-weighted methods: inverse temperature β (default: the algorithm's)." };
        private readonly Option<float?> _expectile = new("--expectile") { Description = "iql: expectile τ (default 0.7)." };

        /// <summary>Adds the options to <paramref name="command"/>.</summary>
        public void AddTo(Command command)
        {
            ArgumentNullException.ThrowIfNull(command);
            command.Add(_topFraction);
            command.Add(_beta);
            command.Add(_expectile);
        }

        /// <summary>Reads the settings.</summary>
        public AlgorithmSettings Read(ParseResult parse)
        {
            ArgumentNullException.ThrowIfNull(parse);
            return new AlgorithmSettings(parse.GetValue(_topFraction), parse.GetValue(_beta), parse.GetValue(_expectile));
        }
    }
}
