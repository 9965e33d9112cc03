namespace OfflineRl.MLNet.Data;

/// <summary>Loaders and writers for trajectory data, reached as <c>OfflineRlContext.Data</c>.</summary>
public sealed class DataCatalog
{
    internal DataCatalog()
    {
    }
}
