using OfflineRl.MLNet.Policies;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.Cli;

/// <summary>The native policy a command's <c>--policy</c> names, however the user holds it.</summary>
internal static class PolicyFiles
{
    /// <summary>A policy from a model folder, the model.zip inside one (its folder holds the native model), or a policy file (policy.bin, sac's policy-step{N}.bin).</summary>
    public static Policy Load(string path)
    {
        if (Directory.Exists(path))
        {
            return PolicyModel.Load(path).Policy;
        }

        if (path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
            if (!File.Exists(Path.Combine(folder, PolicyModel.PolicyFileName)))
            {
                throw new FileNotFoundException(
                    $"{path}: an ML.NET model zip holds only the ONNX graph; the command reads the native policy beside it ({PolicyModel.PolicyFileName} in the folder 'offlinerl train' wrote), which is not there.");
            }

            return PolicyModel.Load(folder).Policy;
        }

        return Policy.Load(path);
    }
}
