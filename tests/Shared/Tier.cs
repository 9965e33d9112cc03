namespace OfflineRl.MLNet.Tests;

/// <summary>
/// The test tiers: classes marked <c>[Trait(Tier.Name, Tier.Slow)]</c> start processes, run notebooks, kill runs, pack or
/// benchmark. `dotnet test OfflineRl.MLNet.sln -c Release --filter "Tier!=Slow"` runs the fast tier; the README's
/// test command (build/test.sh) runs everything.
/// </summary>
internal static class Tier
{
    /// <summary>The trait's name.</summary>
    public const string Name = "Tier";

    /// <summary>The slow tier.</summary>
    public const string Slow = "Slow";
}
