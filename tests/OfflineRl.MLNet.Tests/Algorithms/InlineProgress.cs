using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Tests.Algorithms;

/// <summary>Receives training progress synchronously, on the training thread (unlike <see cref="Progress{T}"/>).</summary>
internal sealed class InlineProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value) => report(value);
}
