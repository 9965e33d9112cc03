namespace OfflineRl.MLNet.Environments;

/// <summary>The four moves of <see cref="StitchGridEnvironment"/>; the value is the action index.</summary>
public enum GridAction
{
    /// <summary>One row up (y − 1).</summary>
    Up = 0,

    /// <summary>One row down (y + 1).</summary>
    Down = 1,

    /// <summary>One column left (x − 1).</summary>
    Left = 2,

    /// <summary>One column right (x + 1).</summary>
    Right = 3,
}
