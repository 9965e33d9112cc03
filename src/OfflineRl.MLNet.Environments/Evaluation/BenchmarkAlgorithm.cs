using Microsoft.ML;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Trainers;
using OfflineRl.MLNet.Transforms;

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

    /// <summary>
    /// Every algorithm of the library's list, each trained with its options from <see cref="OptionsFor"/>, and after each the
    /// settings file's variants of it (IQL with DDPG+BC extraction).
    /// </summary>
    /// <param name="steps">Replaces the step counts the settings file lets a run change (classic control's); <see langword="null"/> keeps the file's.</param>
    public static IReadOnlyList<BenchmarkAlgorithm> Defaults(int? steps = null)
    {
        if (steps is { } count)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(count, 1, nameof(steps));
        }

        var variants = BenchmarkSettings.Default.Variants;
        return [.. PolicyTrainersCatalog.Algorithms.SelectMany(info => variants.Where(v => v.Algorithm == info.Name)
            .Select(v => Of(v.Name, v.Title, info.Name, info.ContinuousOnly || v.ContinuousOnly, info.DiscreteOnly, steps))
            .Prepend(Of(info.Name, info.Title, info.Name, info.ContinuousOnly, info.DiscreteOnly, steps)))];
    }

    /// <summary>
    /// What the row's results depend on in an environment beyond the dataset and seed (the settings it trains with), so a
    /// benchmark's results log reuses a stored result only while this stays the same; <see langword="null"/>: nothing
    /// beyond the name.
    /// </summary>
    public Func<string, string>? Describe { get; init; }

    /// <summary>The name the settings file and <c>offlinerl benchmark --algorithms</c> know the row by (<c>iql</c>, <c>iql-ddpgbc</c>); <see langword="null"/> for a row built by hand.</summary>
    public string? Id { get; init; }

    private static BenchmarkAlgorithm Of(string id, string title, string algorithm, bool continuousOnly, bool discreteOnly, int? steps) =>
        new(title, (data, env, seed) =>
        {
            var rl = new MLContext(seed).OfflineRL();
            var trainer = rl.Trainers.Create(algorithm, Seeded(OptionsFor(id, env, steps), seed));
            if (BenchmarkSettings.Default.ScalesRewards(id, env))
            {
                var scale = RewardScalingEstimator.LocomotionScale(data);
                data = data.WithRewards([.. data.Rewards.ToArray().Select(r => r * scale)]);
            }

            return PolicyActors.From(trainer.Fit(data).Policy);
        })
        {
            Id = id,
            Describe = env => BenchmarkSettings.Default.Describe(id, env, steps),
            Supports = env => OfflineRl.MLNet.Environments.EnvironmentCatalog.Create(env).ActionSpace.IsDiscrete ? !continuousOnly : !discreteOnly,
        };

    /// <summary>The options <paramref name="algorithm"/> trains with in the benchmark on <paramref name="environmentId"/>, read from the settings file.</summary>
    /// <param name="algorithm">An algorithm name of <see cref="PolicyTrainersCatalog.Algorithms"/> or a variant's <see cref="Id"/>.</param>
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
