using OfflineRl.MLNet.Nn;

namespace OfflineRl.MLNet.Training;

/// <summary>
/// The order of one training step as phases of two independent lanes. The plan owns the threading: with two or more
/// threads a phase's lanes run side by side and the phase ends when both have; with one thread the first lane runs,
/// then the second. A lane must write only its own buffers (or its own rows of a shared one), so every thread count
/// gives the same bits. A phase of one lane (<see cref="Then"/>) runs on the calling thread.
/// </summary>
internal sealed class StepPlan
{
    private readonly List<(Action First, Action? Second)> _phases = [];

    /// <summary>Adds a phase of two lanes (run after the phases added before it).</summary>
    public StepPlan Phase(Action first, Action second)
    {
        _phases.Add((first, second));
        return this;
    }

    /// <summary>Adds a phase of one lane, for work that depends on everything before it.</summary>
    public StepPlan Then(Action only)
    {
        _phases.Add((only, null));
        return this;
    }

    /// <summary>Runs every phase in order.</summary>
    public void Run()
    {
        var threads = NnThreading.ThreadCount;
        foreach (var (first, second) in _phases)
        {
            if (second is null)
            {
                first();
            }
            else
            {
                ParallelWorkers.Invoke(first, second, threads);
            }
        }
    }
}
