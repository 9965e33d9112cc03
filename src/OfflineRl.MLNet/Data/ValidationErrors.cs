namespace OfflineRl.MLNet.Data;

/// <summary>Collects validation problems up to a limit and turns them into one exception.</summary>
internal sealed class ValidationErrors(int max)
{
    private readonly List<string> _errors = [];
    private int _dropped;

    public int Count => _errors.Count + _dropped;

    public bool IsFull => _errors.Count >= max;

    public void Add(string message)
    {
        if (IsFull)
        {
            _dropped++;
            return;
        }

        _errors.Add(message);
    }

    public DatasetValidationException ToException(string source)
    {
        var list = new List<string>(_errors);
        if (_dropped > 0 || IsFull)
        {
            list.Add($"(stopped after {max} problems; there may be more)");
        }

        return new DatasetValidationException(source, list);
    }
}
