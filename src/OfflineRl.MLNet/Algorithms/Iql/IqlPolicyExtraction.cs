namespace OfflineRl.MLNet.Algorithms.Iql;

/// <summary>How IQL turns its learned Q and V into a policy.</summary>
public enum IqlPolicyExtraction
{
    /// <summary>The paper's: weighted likelihood of the logged actions, w = min(exp(β·(Q − V)), MaxWeight).</summary>
    AdvantageWeighted,

    /// <summary>
    /// DDPG+BC (Park et al. 2024, https://arxiv.org/abs/2406.09329): a deterministic actor descends
    /// −Q(s, μ(s)) / mean|Q| + α·‖μ(s) − a‖² with α = <see cref="IqlOptions.BehaviorPenalty"/>; continuous actions only.
    /// </summary>
    DdpgBc,
}
