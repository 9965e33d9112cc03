using System.CommandLine;
using Microsoft.ML;
using OfflineRl.MLNet;
using OfflineRl.MLNet.Algorithms.Awr;
using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Algorithms.Iql;
using OfflineRl.MLNet.Pipeline;

namespace OfflineRl.Cli;

/// <summary>Maps <c>--algo</c> and its options to a trainer.</summary>
public static class TrainerFactory
{
    /// <summary>Algorithm names the CLI accepts.</summary>
    public static IReadOnlyList<string> Algorithms { get; } = ["bc", "filtered-bc", "awr", "iql"];

    /// <summary>Creates the trainer for <paramref name="algorithm"/>.</summary>
    public static IEstimator<PolicyTransformer> Create(string algorithm, OfflineRlCatalog rl, CommonSettings common, AlgorithmSettings settings)
    {
        ArgumentNullException.ThrowIfNull(rl);
        ArgumentNullException.ThrowIfNull(common);
        ArgumentNullException.ThrowIfNull(settings);
        return algorithm switch
        {
            "bc" => rl.Trainers.BehaviorCloning(common.ApplyTo(new BehaviorCloningOptions())),
            "filtered-bc" => rl.Trainers.FilteredBehaviorCloning(settings.TopFraction, common.ApplyTo(new BehaviorCloningOptions())),
            "awr" => rl.Trainers.Awr(common.ApplyTo(new AwrOptions
            {
                InverseTemperature = settings.InverseTemperature ?? new AwrOptions().InverseTemperature,
            })),
            "iql" => rl.Trainers.Iql(common.ApplyTo(new IqlOptions
            {
                InverseTemperature = settings.InverseTemperature ?? new IqlOptions().InverseTemperature,
                Expectile = settings.Expectile,
            })),
            _ => throw new ArgumentException($"--algo {algorithm} is not available in this build; use one of: {string.Join(", ", Algorithms)}."),
        };
    }

    /// <summary>Algorithm-specific settings read from the command line.</summary>
    /// <param name="TopFraction">Filtered BC: fraction of episodes kept.</param>
    /// <param name="InverseTemperature">AWR/IQL: β; null for the algorithm's default.</param>
    /// <param name="Expectile">IQL: τ.</param>
    public sealed record AlgorithmSettings(double TopFraction, float? InverseTemperature, float Expectile);

    /// <summary>The algorithm options of <c>train</c>.</summary>
    public sealed class AlgorithmOptions
    {
        private readonly Option<double> _topFraction = new("--top-fraction") { Description = "filtered-bc: fraction of episodes kept.", DefaultValueFactory = _ => 0.1 };
        private readonly Option<float?> _beta = new("--beta") { Description = "awr/iql: inverse temperature β (default: AWR 1, IQL 3)." };
        private readonly Option<float> _expectile = new("--expectile") { Description = "iql: expectile τ.", DefaultValueFactory = _ => 0.7f };

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
