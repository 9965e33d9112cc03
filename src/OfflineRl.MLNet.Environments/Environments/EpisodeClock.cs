namespace OfflineRl.MLNet.Environments;

/// <summary>Counts steps against a time limit and refuses steps outside an episode.</summary>
internal sealed class EpisodeClock
{
    private readonly string _id;
    private bool _running;

    public EpisodeClock(string id, int timeLimit)
    {
        _id = id;
        TimeLimit = timeLimit;
    }

    public int TimeLimit { get; }

    public int ElapsedSteps { get; private set; }

    public void Start()
    {
        ElapsedSteps = 0;
        _running = true;
    }

    public void EnsureRunning()
    {
        if (!_running)
        {
            throw new InvalidOperationException(ElapsedSteps == 0
                ? $"{_id}: call Reset before Step."
                : $"{_id}: the episode ended after {ElapsedSteps} steps; call Reset before stepping again.");
        }
    }

    /// <summary>Records one step; returns the truncation flag (limit reached and not terminated).</summary>
    public bool Tick(bool terminated)
    {
        ElapsedSteps++;
        var truncated = !terminated && ElapsedSteps >= TimeLimit;
        if (terminated || truncated)
        {
            _running = false;
        }

        return truncated;
    }
}
