namespace OfflineRl.MLNet.Serving;

/// <summary>A client error answered with HTTP 400 and the message.</summary>
internal sealed class BadRequestException : Exception
{
    public BadRequestException(string message)
        : base(message)
    {
    }

    public BadRequestException()
    {
    }

    public BadRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
