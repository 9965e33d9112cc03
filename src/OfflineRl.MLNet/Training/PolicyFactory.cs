using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Nn;
using OfflineRl.MLNet.Policies;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Training;

/// <summary>Creates the policy a trainer fits, carrying the data's observation normalization and action bounds.</summary>
internal static class PolicyFactory
{
    /// <summary>
    /// The policy for <paramref name="data"/>, initialized from <paramref name="random"/>; a deterministic one emits chunks of
    /// <paramref name="chunkLength"/> actions.
    /// </summary>
    public static MlpHead Create(TrajectoryDataset data, PolicyHead head, IReadOnlyList<int> hiddenSizes, int maxBatch, NnRandom random, int chunkLength = 1)
    {
        var network = new PolicyNetworkOptions { HiddenSizes = hiddenSizes.ToArray() };
        var preprocessing = PolicyPreprocessing.From(data.ObservationNormalization, data.ActionSpace.IsDiscrete ? null : data.ActionSpace);
        MlpHead policy = data.ActionSpace.IsDiscrete
            ? head == PolicyHead.Deterministic
                ? throw new ArgumentException($"{data.Source}: a deterministic policy needs continuous actions; the data's actions are {data.ActionSpace}.")
                : new CategoricalHead(data.ObservationDimension, data.ActionSpace.Count, network, preprocessing, maxBatch)
            : head == PolicyHead.Deterministic
                ? new DeterministicHead(data.ObservationDimension, data.ActionSpace.Dimension, network, preprocessing, maxBatch, chunkLength: chunkLength)
                : new GaussianHead(data.ObservationDimension, data.ActionSpace.Dimension, network, preprocessing, maxBatch);
        policy.Initialize(random);
        return policy;
    }

    /// <summary>SAC's tanh-squashed Gaussian with state-dependent logσ clamped to [<paramref name="logStdMin"/>, <paramref name="logStdMax"/>] (continuous actions).</summary>
    public static SquashedGaussianHead CreateSquashedGaussian(TrajectoryDataset data, IReadOnlyList<int> hiddenSizes, int maxBatch, NnRandom random, float logStdMin, float logStdMax)
    {
        if (data.ActionSpace.IsDiscrete)
        {
            throw new ArgumentException($"{data.Source}: a squashed Gaussian policy needs continuous actions; the data's actions are {data.ActionSpace}.");
        }

        var network = new PolicyNetworkOptions { HiddenSizes = hiddenSizes.ToArray() };
        var preprocessing = PolicyPreprocessing.From(data.ObservationNormalization, data.ActionSpace);
        var policy = new SquashedGaussianHead(data.ObservationDimension, data.ActionSpace.Dimension, network, preprocessing, maxBatch, logStdMin, logStdMax);
        policy.Initialize(random);
        return policy;
    }
}
