using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Algorithms.Cql;

/// <summary>
/// The settings of CQL(H) for continuous actions (Kumar et al. 2020, https://arxiv.org/abs/2006.04779, and CORL's
/// <c>cql.py</c>; equations in docs/cql.md): a soft actor-critic whose critics also descend
/// α·(log Σ exp Q(s, ã) − Q(s, a)), the log-sum-exp estimated from uniform and policy samples with their log-densities
/// subtracted. The discrete trainer ignores them.
/// </summary>
public sealed class ContinuousCqlOptions : OptionsGroup
{
    /// <summary>Default α of the penalty (5, the paper's Gym-MuJoCo value and CORL's class default; CORL's run config uses 10).</summary>
    public const float DefaultConservativeWeight = 5f;

    /// <summary>Default actions drawn per state from each of the three proposals (10).</summary>
    public const int DefaultSampledActions = 10;

    /// <summary>Default learning rate of the actor and the temperature (1e-4, the paper's policy rate for Gym).</summary>
    public const float DefaultActorLearningRate = 1e-4f;

    /// <summary>Default target gap τ of the Lagrangian form (5, the paper's smaller threshold; its code takes 5 or 10).</summary>
    public const float DefaultTargetGap = 5f;

    /// <summary>Default initial entropy temperature (1).</summary>
    public const float DefaultTemperature = 1f;

    /// <summary>α of CQL(H), the weight of the conservative penalty (≥ 0; 0 is plain soft actor-critic). Named apart from the discrete <see cref="CqlOptions.Alpha"/>, whose default differs.</summary>
    public float ConservativeWeight { get; set; } = DefaultConservativeWeight;

    /// <summary>Actions drawn per state from each proposal: uniform on [−1, 1]ⁿ, π(·|s) and π(·|s′) (≥ 1).</summary>
    public int SampledActions { get; set; } = DefaultSampledActions;

    /// <summary>
    /// Tune the penalty's weight as α′·<see cref="ConservativeWeight"/> by dual gradient ascent on α′ so that the gap log Σ exp Q − Q(s, a) stays near
    /// <see cref="TargetGap"/> (CQL-Lagrange; default false: α fixed).
    /// </summary>
    public bool Lagrange { get; set; }

    /// <summary>τ of the Lagrangian form: α′ grows while the gap exceeds τ.</summary>
    public float TargetGap { get; set; } = DefaultTargetGap;

    /// <summary>Adam rate of the actor and of log α (the critic uses the trainer's learning rate).</summary>
    public float ActorLearningRate { get; set; } = DefaultActorLearningRate;

    /// <summary>The entropy temperature at the start (&gt; 0), or its fixed value when <see cref="LearnTemperature"/> is false.</summary>
    public float Temperature { get; set; } = DefaultTemperature;

    /// <summary>Learn the temperature toward the target entropy −|A| (default true, as SAC and CQL do).</summary>
    public bool LearnTemperature { get; set; } = true;

    /// <summary>
    /// Steps at the start in which the actor clones the data — loss mean (α·log π(ã|s) − log π(a|s)) — while the critics
    /// learn as usual (CORL's <c>bc_steps</c>, 0 in its run config; the paper's code calls it policy_eval_start).
    /// </summary>
    public int BehaviorCloningSteps { get; set; }

    /// <summary>Subtract α·log π(a′|s′) in the critic's target as SAC does (default false, as CQL's reference code).</summary>
    public bool BackupEntropy { get; set; }

    private protected override void AddErrors(List<string> errors, string owner)
    {
        if (!(ConservativeWeight >= 0) || !float.IsFinite(ConservativeWeight))
        {
            errors.Add($"{owner}.{nameof(ConservativeWeight)} must be a finite number ≥ 0 (got {ConservativeWeight}).");
        }

        if (SampledActions < 1)
        {
            errors.Add($"{owner}.{nameof(SampledActions)} must be ≥ 1 (got {SampledActions}).");
        }

        if (!float.IsFinite(TargetGap))
        {
            errors.Add($"{owner}.{nameof(TargetGap)} must be a finite number (got {TargetGap}).");
        }

        if (!(ActorLearningRate > 0) || !float.IsFinite(ActorLearningRate))
        {
            errors.Add($"{owner}.{nameof(ActorLearningRate)} must be a finite number > 0 (got {ActorLearningRate}).");
        }

        if (BehaviorCloningSteps < 0)
        {
            errors.Add($"{owner}.{nameof(BehaviorCloningSteps)} must be ≥ 0 (got {BehaviorCloningSteps}).");
        }

        if (!(Temperature > 0) || !float.IsFinite(Temperature))
        {
            errors.Add($"{owner}.{nameof(Temperature)} must be a finite number > 0 (got {Temperature}).");
        }
    }
}
