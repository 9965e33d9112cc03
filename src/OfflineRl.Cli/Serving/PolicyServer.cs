using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using OfflineRl.MLNet.Onnx;

namespace OfflineRl.Cli.Serving;

/// <summary>
/// The <c>offlinerl serve</c> web API over an exported policy: <c>POST /act</c>, <c>GET /health</c>, <c>GET /metadata</c>.
/// <c>/act</c> takes <c>{"observation":[...]}</c> or <c>{"observations":[[...],...]}</c> (raw observations) and answers
/// <c>{"actions":[...]}</c>, one entry per observation: an integer for a discrete policy, an array for a continuous one.
/// Bad bodies (not JSON, wrong length, non-numeric or non-finite values, more than <see cref="MaxBodyBytes"/> bytes,
/// more than <see cref="MaxRows"/> rows) get HTTP 400 with <c>{"error": "..."}</c>.
/// </summary>
public static class PolicyServer
{
    /// <summary>Largest accepted request body.</summary>
    public const int MaxBodyBytes = 1 << 20;

    /// <summary>Largest accepted batch.</summary>
    public const int MaxRows = 4096;

    /// <summary>Default address.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>
    /// Loads the model (errors surface here: missing file, corrupt model, missing runtime) and builds the app, not yet started.
    /// The model is released when the app stops.
    /// </summary>
    /// <param name="modelPath">An exported policy (.onnx).</param>
    /// <param name="urls">Addresses to listen on, e.g. <c>http://127.0.0.1:5080</c>; port 0 picks a free port.</param>
    public static WebApplication Build(string modelPath, string urls = DefaultUrls)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(urls);
        OnnxPolicy policy = OnnxPolicy.Load(modelPath);
        try
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls(urls);
            builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxBodyBytes + 1);
            WebApplication app = builder.Build();
            app.Lifetime.ApplicationStopped.Register(policy.Dispose);
            object metadata = Metadata(policy);

            app.MapGet("/health", () => Results.Json(new { status = "ok" }));
            app.MapGet("/metadata", () => Results.Json(metadata));
            app.MapPost("/act", async (HttpContext context) =>
            {
                try
                {
                    byte[] body = await ReadBody(context.Request).ConfigureAwait(false);
                    var (flat, rows, _) = ActRequestParser.Parse(body, policy.ObservationSize, MaxRows);
                    // OnnxPolicy is thread-safe (ONNX Runtime runs a session concurrently): requests do not queue on a lock.
                    float[] actions = policy.Act(flat, rows);

                    return Results.Json(new { actions = Rows(actions, rows, policy) });
                }
                catch (BadRequestException ex)
                {
                    return Results.Json(new { error = ex.Message }, statusCode: StatusCodes.Status400BadRequest);
                }
                catch (BadHttpRequestException ex)
                {
                    return Results.Json(new { error = ex.Message }, statusCode: StatusCodes.Status400BadRequest);
                }
                catch (ArgumentException ex)
                {
                    return Results.Json(new { error = ex.Message }, statusCode: StatusCodes.Status400BadRequest);
                }
            });
            return app;
        }
        catch
        {
            policy.Dispose();
            throw;
        }
    }

    /// <summary>The addresses the started <paramref name="app"/> actually listens on (port 0 resolved).</summary>
    public static IReadOnlyList<string> Addresses(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var feature = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>();
        return feature?.Addresses.ToList() ?? [.. app.Urls];
    }

    private static async Task<byte[]> ReadBody(HttpRequest request)
    {
        if (request.ContentLength is > MaxBodyBytes)
        {
            throw new BadRequestException($"The body has {request.ContentLength} bytes; the limit is {MaxBodyBytes}.");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        while (true)
        {
            int read = await request.Body.ReadAsync(chunk).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.ToArray();
            }

            if (buffer.Length + read > MaxBodyBytes)
            {
                throw new BadRequestException($"The body is larger than the limit of {MaxBodyBytes} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }
    }

    private static object[] Rows(float[] actions, int rows, OnnxPolicy policy)
    {
        var result = new object[rows];
        for (int r = 0; r < rows; r++)
        {
            result[r] = policy.IsDiscrete ? (long)actions[r] : actions.AsSpan(r * policy.ActionSize, policy.ActionSize).ToArray();
        }

        return result;
    }

    private static object Metadata(OnnxPolicy policy)
    {
        var session = policy.Session;
        IReadOnlyDictionary<string, string> meta = policy.Metadata;
        string Get(string key) => meta.TryGetValue(key, out string? v) ? v : "";
        JsonElement options;
        try
        {
            options = JsonDocument.Parse(Get(OnnxExportNames.OptionsKey) is { Length: > 0 } text ? text : "{}").RootElement.Clone();
        }
        catch (JsonException)
        {
            options = JsonDocument.Parse("{}").RootElement.Clone();
        }

        return new
        {
            model = policy.Source,
            inputs = session.InputNames.Select(n => Tensor(n, session.InputMetadata[n])),
            outputs = session.OutputNames.Select(n => Tensor(n, session.OutputMetadata[n])),
            discrete = policy.IsDiscrete,
            observationSize = policy.ObservationSize,
            actionSize = policy.ActionSize,
            algorithm = Get(OnnxExportNames.AlgorithmKey),
            kind = Get(OnnxExportNames.KindKey),
            libraryVersion = Get(OnnxExportNames.LibraryVersionKey),
            dataHash = Get(OnnxExportNames.DataHashKey),
            options,
            metadata = meta,
        };
    }

    private static object Tensor(string name, NodeMetadata metadata) =>
        new { name, type = metadata.IsTensor ? OnnxPolicy.TypeName(metadata.ElementDataType) : metadata.OnnxValueType.ToString(), shape = OnnxPolicy.ShapeText(metadata) };
}
