namespace OfflineRl.MLNet.Evaluation;

/// <summary>One algorithm's results over every dataset it ran: the interquartile mean of all its (dataset, seed) headline scores.</summary>
/// <param name="Algorithm">The algorithm's name.</param>
/// <param name="Datasets">The datasets pooled (the bootstrap's strata).</param>
/// <param name="Runs">The (dataset, seed) scores pooled.</param>
/// <param name="InterquartileMean">The IQM with its 95 % stratified-bootstrap interval (seeds resampled within each dataset).</param>
public sealed record BenchmarkAggregate(string Algorithm, int Datasets, int Runs, ScoreInterval InterquartileMean);

/// <summary>
/// The probability that a run of <paramref name="Algorithm"/> scores above a run of <paramref name="Baseline"/> on a dataset
/// drawn uniformly from those both ran (ties count one half).
/// </summary>
/// <param name="Algorithm">X, the algorithm compared.</param>
/// <param name="Baseline">Y, the algorithm it is compared with.</param>
/// <param name="Datasets">The datasets both ran.</param>
/// <param name="Probability">P(X &gt; Y) with its 95 % stratified-bootstrap interval.</param>
public sealed record BenchmarkImprovement(string Algorithm, string Baseline, int Datasets, ScoreInterval Probability);

/// <summary>
/// One algorithm's performance profile (Agarwal et al. 2021): at each threshold τ, the fraction of its runs scoring above τ,
/// averaged over the datasets it ran so that each dataset weighs the same.
/// </summary>
/// <param name="Algorithm">The algorithm's name.</param>
/// <param name="Datasets">The datasets averaged over.</param>
/// <param name="Thresholds">The τ, ascending.</param>
/// <param name="Fractions">The fraction of runs above each τ, in [0, 1].</param>
public sealed record BenchmarkProfile(string Algorithm, int Datasets, IReadOnlyList<double> Thresholds, IReadOnlyList<double> Fractions);
