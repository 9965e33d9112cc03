using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Evaluation;

/// <summary>
/// Settings of fitted Q evaluation (FQE), the critic of the target policy that the FQE estimate and the doubly robust
/// estimates read: a ReLU network Q(s, a) trained by Adam on minibatches of the logged transitions toward
/// r + γ(1 − terminal)·Q̄(s′, π(s′)), with Q̄ a copy of Q refreshed every <see cref="TargetUpdateInterval"/> steps
/// (each refresh is one iteration of the paper's fitted Q iteration).
/// </summary>
public sealed class FittedQEvaluationOptions : OptionsGroup
{
    /// <summary>Default gradient steps (10,000: 500 iterations of 20 steps).</summary>
    public const int DefaultSteps = 10_000;

    /// <summary>Default minibatch size (256).</summary>
    public const int DefaultBatchSize = 256;

    /// <summary>Default Adam learning rate (3e-4).</summary>
    public const float DefaultLearningRate = 3e-4f;

    /// <summary>
    /// Default steps between copies of Q into the target Q̄ (20). Each copy is one fitted-Q iteration, and a value that
    /// starts near 0 reaches at most Σ_{j&lt;k} γʲ after k of them: at γ = 0.99, 100 iterations (d3rlpy's 100-step interval
    /// over 10,000 steps) cap a CartPole policy that survives at ≈ 63 of its true 99; 500 reach 99 (measured in
    /// docs/off-policy-evaluation.md: Spearman 0.64 → 0.84 on CartPole).
    /// </summary>
    public const int DefaultTargetUpdateInterval = 20;

    /// <summary>Default number of FQE critics refit on bootstrap resamples for FQE's interval (0: none).</summary>
    public const int DefaultRefits = 0;

    /// <summary>Default number of actions drawn per state for a stochastic continuous target policy (8).</summary>
    public const int DefaultActionSamples = 8;

    /// <summary>Train the FQE critic and report FQE, DR and weighted DR (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Gradient steps.</summary>
    public int Steps { get; set; } = DefaultSteps;

    /// <summary>Minibatch size.</summary>
    public int BatchSize { get; set; } = DefaultBatchSize;

    /// <summary>Hidden layer widths of the critic (default 256 × 2, the trainers' critic).</summary>
    public IReadOnlyList<int> HiddenSizes { get; set; } = [256, 256];

    /// <summary>Adam learning rate.</summary>
    public float LearningRate { get; set; } = DefaultLearningRate;

    /// <summary>Steps between copies of Q into the target Q̄.</summary>
    public int TargetUpdateInterval { get; set; } = DefaultTargetUpdateInterval;

    /// <summary>Actions drawn per state when a stochastic continuous target policy is evaluated (V̂ averages over them).</summary>
    public int ActionSamples { get; set; } = DefaultActionSamples;

    /// <summary>
    /// FQE critics fit on as many bootstrap resamples of the episodes, each giving the mean V̂(s₀) of its resample; FQE's
    /// interval and standard error are then those of these estimates, which include the critic's estimation error, at
    /// this many times FQE's cost. 0 (the default): one critic, whose interval resamples initial states only and so
    /// leaves the critic's error out (a one-state problem gets a zero-width interval).
    /// </summary>
    public int Refits { get; set; } = DefaultRefits;

    /// <summary>
    /// Threads the critic's training uses (default 1, like the trainers' <c>Run.Threads</c>). The estimate is the same for
    /// a given thread count and seed; another thread count splits a minibatch's rows differently and can move it by float
    /// rounding.
    /// </summary>
    public int Threads { get; set; } = 1;

    private protected override void AddErrors(List<string> errors, string owner)
    {
        if (Steps < 1)
        {
            errors.Add($"{owner}.{nameof(Steps)} must be at least 1 (got {Steps}).");
        }

        if (BatchSize < 1)
        {
            errors.Add($"{owner}.{nameof(BatchSize)} must be at least 1 (got {BatchSize}).");
        }

        if (HiddenSizes is null || HiddenSizes.Count == 0 || HiddenSizes.Any(h => h < 1))
        {
            errors.Add($"{owner}.{nameof(HiddenSizes)} must list at least one width, each at least 1.");
        }

        if (!(LearningRate > 0 && float.IsFinite(LearningRate)))
        {
            errors.Add($"{owner}.{nameof(LearningRate)} must be positive (got {LearningRate}).");
        }

        if (TargetUpdateInterval < 1)
        {
            errors.Add($"{owner}.{nameof(TargetUpdateInterval)} must be at least 1 (got {TargetUpdateInterval}).");
        }

        if (ActionSamples < 1)
        {
            errors.Add($"{owner}.{nameof(ActionSamples)} must be at least 1 (got {ActionSamples}).");
        }

        if (Threads is < 1 or > 256)
        {
            errors.Add($"{owner}.{nameof(Threads)} must be in [1, 256] (got {Threads}).");
        }

        if (Refits is < 0 or 1)
        {
            errors.Add($"{owner}.{nameof(Refits)} must be 0 (no refits) or at least 2 for an interval (got {Refits}).");
        }
    }
}
