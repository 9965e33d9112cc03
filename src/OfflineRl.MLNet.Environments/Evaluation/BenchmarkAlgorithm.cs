using Microsoft.ML;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Evaluation;

/// <summary>
/// An algorithm in the benchmark: a name and a function that trains on a dataset of an environment with a seed and returns
/// the greedy policy as an <c>observation → action</c> function.
/// </summary>
/// <param name="Name">The name shown in result tables.</param>
/// <param name="Train">Trains on the dataset (logged in the given environment) with the given seed and returns the greedy actor.</param>
public sealed record BenchmarkAlgorithm(string Name, Func<TrajectoryDataset, string, int, Func<float[], float[]>> Train)
{
    /// <summary>Whether the algorithm runs on an environment id (continuous-only algorithms skip discrete tasks); null: every one.</summary>
    public Func<string, bool>? Supports { get; init; }

    /// <summary>The settings file the benchmark trains with: its name and the first 12 hex digits of its SHA-256.</summary>
    public static string SettingsFile => $"{BenchmarkSettings.Default.FileName} (sha256 {BenchmarkSettings.Default.Sha256[..12]})";

    /// <summary>Every algorithm of the library's list, each trained with its options from <see cref="OptionsFor"/>.</summary>
    /// <param name="steps">Replaces the step counts the settings file lets a run change (classic control's); <see langword="null"/> keeps the file's.</param>
    public static IReadOnlyList<BenchmarkAlgorithm> Defaults(int? steps = null)
    {
        if (steps is { } count)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(count, 1, nameof(steps));
        }

        return [.. PolicyTrainersCatalog.Algorithms.Select(info => new BenchmarkAlgorithm(info.Title, (data, env, seed) =>
        {
            var rl = new MLContext(seed).OfflineRL();
            var trainer = rl.Trainers.Create(info.Name, Seeded(OptionsFor(info.Name, env, steps), seed));
            return PolicyActors.From(trainer.Fit(data).Policy);
        })
        {
            Supports = env => OfflineRl.MLNet.Environments.EnvironmentCatalog.Create(env).ActionSpace.IsDiscrete ? !info.ContinuousOnly : !info.DiscreteOnly,
        })];
    }

    /// <summary>The options <paramref name="algorithm"/> trains with in the benchmark on <paramref name="environmentId"/>, read from the settings file.</summary>
    /// <param name="algorithm">An algorithm name of <see cref="PolicyTrainersCatalog.Algorithms"/>.</param>
    /// <param name="environmentId">An environment id of <see cref="Environments.EnvironmentCatalog.Ids"/>.</param>
    /// <param name="steps">Replaces the step counts the settings file lets a run change (classic control's); <see langword="null"/> keeps the file's.</param>
    public static TrainerOptions OptionsFor(string algorithm, string environmentId, int? steps = null) =>
        BenchmarkSettings.Default.OptionsFor(algorithm, environmentId, steps);

    internal static T Seeded<T>(T options, int seed)
        where T : TrainerOptions
    {
        options.Seed = seed;
        return options;
    }
}
