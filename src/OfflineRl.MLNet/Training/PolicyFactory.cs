using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Nn;
using OfflineRl.MLNet.Policies;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Training;

/// <summary>Creates the policy a trainer fits, carrying the data's observation normalization and action bounds.</summary>
internal static class PolicyFactory
{
    public static Policy Create(TrajectoryDataset data, PolicyHead head, IReadOnlyList<int> hiddenSizes, int maxBatch, NnRandom random)
    {
        var network = new PolicyNetworkOptions { HiddenSizes = hiddenSizes.ToArray() };
        var preprocessing = PolicyPreprocessing.From(data.ObservationNormalization, data.ActionSpace.IsDiscrete ? null : data.ActionSpace);
        Policy policy = data.ActionSpace.IsDiscrete
            ? head == PolicyHead.Deterministic
                ? throw new ArgumentException($"{data.Source}: a deterministic policy needs continuous actions; the data's actions are {data.ActionSpace}.")
                : new CategoricalPolicy(data.ObservationDimension, data.ActionSpace.Count, network, preprocessing, maxBatch)
            : head == PolicyHead.Deterministic
                ? new DeterministicPolicy(data.ObservationDimension, data.ActionSpace.Dimension, network, preprocessing, maxBatch)
                : new GaussianPolicy(data.ObservationDimension, data.ActionSpace.Dimension, network, preprocessing, maxBatch);
        policy.Initialize(random);
        return policy;
    }
}
