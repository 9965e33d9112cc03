using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace OfflineRl.MLNet.Serving;

/// <summary>
/// Checks the API key of a request: <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Api-Key: &lt;key&gt;</c>. Keys are
/// kept only as SHA-256 hashes and the presented key is hashed too, so the comparison
/// (<see cref="CryptographicOperations.FixedTimeEquals"/>) takes the same time whatever the key's length or how many of
/// its characters match. With no key configured only loopback clients pass: the start-up check refuses a binding
/// beyond loopback without keys, and this covers the moment between binding and that check.
/// </summary>
internal sealed class ApiKeyAuthenticator
{
    public const string ApiKeyHeader = "X-Api-Key";

    // Longer than any sane key; a longer header is refused without hashing it.
    private const int MaxPresentedBytes = 1024;

    private readonly byte[][] _keyHashes;

    public ApiKeyAuthenticator(IOptions<PolicyServingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _keyHashes = [.. options.Value.ApiKeys.Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k)))];
    }

    public bool HasKeys => _keyHashes.Length > 0;

    public bool IsAuthorized(HttpContext context)
    {
        if (_keyHashes.Length == 0)
        {
            IPAddress? remote = context.Connection.RemoteIpAddress;
            return remote is null || IPAddress.IsLoopback(remote);
        }

        IHeaderDictionary headers = context.Request.Headers;
        string? presented = headers[ApiKeyHeader].Count == 1 ? headers[ApiKeyHeader][0] : null;
        if (presented is null && headers.Authorization.Count == 1)
        {
            string value = headers.Authorization[0] ?? "";
            if (value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                presented = value[7..].Trim();
            }
        }

        return presented is not null && Matches(presented);
    }

    private bool Matches(string presented)
    {
        if (presented.Length == 0 || Encoding.UTF8.GetMaxByteCount(presented.Length) > 3 * MaxPresentedBytes)
        {
            return false;
        }

        Span<byte> utf8 = stackalloc byte[3 * MaxPresentedBytes];
        int length = Encoding.UTF8.GetBytes(presented, utf8);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..length], hash);
        utf8[..length].Clear();
        bool match = false;
        foreach (byte[] key in _keyHashes)
        {
            // Every key is compared (no early exit), so timing does not tell which one matched.
            match |= CryptographicOperations.FixedTimeEquals(hash, key);
        }

        return match;
    }
}
