using System.Reflection;

namespace OfflineRl.MLNet.Data;

/// <summary>Facts about this build of the library.</summary>
public static class LibraryInfo
{
    /// <summary>The library's informational version.</summary>
    public static string Version { get; } =
        typeof(LibraryInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
