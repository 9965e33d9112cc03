using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using OfflineRl.MLNet.Onnx;

namespace OfflineRl.MLNet.Serving;

/// <summary>
/// The request handlers behind <see cref="Microsoft.AspNetCore.Builder.PolicyServingEndpointRouteBuilderExtensions.MapOfflineRlPolicy"/>. They are
/// plain request delegates (no model binding, no filters) that read the body from the request pipe, score on a
/// reference-counted model without any lock, and write the answer straight into the response pipe.
/// </summary>
internal sealed class PolicyEndpoints
{
    private const string Json = "application/json";

    private static readonly byte[] ActionsStart = "{\"actions\":["u8.ToArray();
    private static readonly byte[] ActionsEnd = "]}"u8.ToArray();

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    private readonly PolicyModelHost _host;
    private readonly ApiKeyAuthenticator _authenticator;
    private readonly ServingMetrics _metrics;
    private readonly PolicyServingOptions _options;

    public PolicyEndpoints(PolicyModelHost host, ApiKeyAuthenticator authenticator, ServingMetrics metrics, IOptions<PolicyServingOptions> options)
    {
        _host = host;
        _authenticator = authenticator;
        _metrics = metrics;
        _options = options.Value;
    }

    public ApiKeyAuthenticator Authenticator => _authenticator;

    public async Task Act(HttpContext context)
    {
        long start = Stopwatch.GetTimestamp();
        ServedModel? model = await AuthorizeAndAcquire(context, "act", start).ConfigureAwait(false);
        if (model is null)
        {
            return;
        }

        try
        {
            int rows;
            PipeReader reader = context.Request.BodyReader;
            long? declared = context.Request.ContentLength;
            if (declared > _options.MaxBodyBytes)
            {
                throw new BadRequestException($"The body has {declared} bytes; the limit is {_options.MaxBodyBytes}.");
            }

            while (true)
            {
                ReadResult read = await reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = read.Buffer;
                if (buffer.Length > _options.MaxBodyBytes)
                {
                    reader.AdvanceTo(buffer.Start, buffer.End);
                    throw new BadRequestException($"The body is larger than the limit of {_options.MaxBodyBytes} bytes.");
                }

                if (read.IsCompleted)
                {
                    try
                    {
                        rows = Score(model, buffer, context.Response);
                    }
                    finally
                    {
                        reader.AdvanceTo(buffer.End);
                    }

                    break;
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
            }

            await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            _metrics.Request("act", ServingMetrics.Outcomes.Ok, start, rows);
        }
        catch (BadRequestException ex)
        {
            await Error(context, StatusCodes.Status400BadRequest, ex.Message, "act", ServingMetrics.Outcomes.BadRequest, start).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            await Error(context, StatusCodes.Status400BadRequest, ex.Message, "act", ServingMetrics.Outcomes.BadRequest, start).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            // The client went away mid-request: nothing to answer.
            _metrics.Request("act", ServingMetrics.Outcomes.Aborted, start);
        }
        catch
        {
            // Anything else is the server's fault: counted, then answered 500 by ASP.NET Core.
            _metrics.Request("act", ServingMetrics.Outcomes.Error, start);
            throw;
        }
        finally
        {
            model.Release();
        }
    }

    // The shared preamble of the model endpoints: 401 without the key, 503 before a model is loaded (either answer is
    // written here and null returned); otherwise the model, acquired, for the caller to release. Completes synchronously
    // on the success path, so the ValueTask costs nothing per request.
    private async ValueTask<ServedModel?> AuthorizeAndAcquire(HttpContext context, string endpoint, long start)
    {
        if (!_authenticator.IsAuthorized(context))
        {
            await Unauthorized(context, endpoint, start).ConfigureAwait(false);
            return null;
        }

        ServedModel? model = _host.Acquire();
        if (model is null)
        {
            await Unavailable(context, endpoint, start).ConfigureAwait(false);
        }

        return model;
    }

    public async Task Metadata(HttpContext context)
    {
        long start = Stopwatch.GetTimestamp();
        ServedModel? model = await AuthorizeAndAcquire(context, "metadata", start).ConfigureAwait(false);
        if (model is null)
        {
            return;
        }

        try
        {
            context.Response.ContentType = Json;
            context.Response.ContentLength = model.MetadataJson.Length;
            await context.Response.Body.WriteAsync(model.MetadataJson, context.RequestAborted).ConfigureAwait(false);
            _metrics.Request("metadata", ServingMetrics.Outcomes.Ok, start);
        }
        finally
        {
            model.Release();
        }
    }

    public async Task Reload(HttpContext context)
    {
        long start = Stopwatch.GetTimestamp();
        if (!_authenticator.IsAuthorized(context))
        {
            await Unauthorized(context, "reload", start).ConfigureAwait(false);
            return;
        }

        if (_options.ModelPath is null)
        {
            await Error(context, StatusCodes.Status409Conflict, "No model path is configured to reload from.", "reload", ServingMetrics.Outcomes.Rejected, start).ConfigureAwait(false);
            return;
        }

        // Only the configured file is reloaded: a client never names a path on this host.
        ModelReloadResult result = await _host.ReloadAsync(context.RequestAborted).ConfigureAwait(false);
        var body = new ReloadBody(result.Outcome.ToString().ToLowerInvariant(), result.ModelVersion, result.Message, result.Elapsed.TotalMilliseconds);
        context.Response.StatusCode = result.Outcome == ModelReloadOutcome.Rejected ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK;
        await context.Response.WriteAsJsonAsync(body, ServingJsonContext.Default.ReloadBody, Json, context.RequestAborted).ConfigureAwait(false);
        _metrics.Request("reload", result.Outcome == ModelReloadOutcome.Rejected ? ServingMetrics.Outcomes.Rejected : ServingMetrics.Outcomes.Ok, start);
    }

    public Task Live(HttpContext context) =>
        context.Response.WriteAsJsonAsync(new StatusBody("ok", _host.ModelVersion, null, null), ServingJsonContext.Default.StatusBody, Json, context.RequestAborted);

    public Task Ready(HttpContext context)
    {
        bool ready = _host.IsReady;
        context.Response.StatusCode = ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        var body = new StatusBody(ready ? "ready" : "not ready", _host.ModelVersion, _host.ModelFileName, _host.NotReadyReason);
        return context.Response.WriteAsJsonAsync(body, ServingJsonContext.Default.StatusBody, Json, context.RequestAborted);
    }

    /// <summary>401 for a request without a valid key (the key, right or wrong, is never echoed or logged).</summary>
    public Task Unauthorized(HttpContext context, string endpoint, long start)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Error(context, StatusCodes.Status401Unauthorized, $"Send the API key as 'Authorization: Bearer <key>' or '{ApiKeyAuthenticator.ApiKeyHeader}: <key>'.", endpoint, ServingMetrics.Outcomes.Unauthorized, start);
    }

    private Task Unavailable(HttpContext context, string endpoint, long start)
    {
        context.Response.Headers.RetryAfter = "1";
        return Error(context, StatusCodes.Status503ServiceUnavailable, _host.NotReadyReason ?? "No model is loaded.", endpoint, ServingMetrics.Outcomes.Unavailable, start);
    }

    private async Task Error(HttpContext context, int status, string message, string endpoint, string outcome, long start)
    {
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(new ErrorBody(message), ServingJsonContext.Default.ErrorBody, Json, context.RequestAborted).ConfigureAwait(false);
        _metrics.Request(endpoint, outcome, start);
    }

    /// <summary>Parses, scores and writes the answer; returns the number of rows. Synchronous so spans and stack buffers can be used.</summary>
    private int Score(ServedModel model, ReadOnlySequence<byte> body, HttpResponse response)
    {
        OnnxPolicy policy = model.Policy;
        byte[]? rented = null;
        ReadOnlySpan<byte> bytes;
        if (body.IsSingleSegment)
        {
            bytes = body.FirstSpan;
        }
        else
        {
            rented = ArrayPool<byte>.Shared.Rent((int)body.Length);
            body.CopyTo(rented);
            bytes = rented.AsSpan(0, (int)body.Length);
        }

        float[] flat;
        int rows;
        try
        {
            (flat, rows, _) = ActRequestParser.Parse(bytes, policy.ObservationSize, _options.MaxRows);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        response.ContentType = Json;
        PipeWriter output = response.BodyWriter;
        Utf8JsonWriter json = t_writer ??= new Utf8JsonWriter(Stream.Null, new JsonWriterOptions { SkipValidation = true });
        json.Reset(output);
        output.Write(ActionsStart);
        if (rows == 1)
        {
            // The single-observation path: pooled pinned buffers, no allocation in ONNX Runtime's run.
            Span<float> action = stackalloc float[policy.ActionSize];
            policy.Act(flat, action);
            WriteRow(json, output, action, policy.IsDiscrete, policy.ChunkLength);
        }
        else
        {
            float[] actions = policy.Act(flat, rows);
            int width = policy.ActionSize;
            for (int r = 0; r < rows; r++)
            {
                if (r > 0)
                {
                    output.Write(","u8);
                }

                WriteRow(json, output, actions.AsSpan(r * width, width), policy.IsDiscrete, policy.ChunkLength);
            }
        }

        output.Write(ActionsEnd);
        return rows;
    }

    /// <summary>One row's answer: an index, an array of action values, or for an action chunk an array of its h actions.</summary>
    private static void WriteRow(Utf8JsonWriter json, PipeWriter output, ReadOnlySpan<float> action, bool discrete, int chunkLength)
    {
        // Each value goes through a fresh top-level write: Reset keeps the writer on the pipe, Flush hands the bytes over.
        if (discrete)
        {
            json.WriteNumberValue((long)action[0]);
        }
        else if (chunkLength > 1)
        {
            int width = action.Length / chunkLength;
            json.WriteStartArray();
            for (int k = 0; k < chunkLength; k++)
            {
                json.WriteStartArray();
                foreach (float value in action.Slice(k * width, width))
                {
                    json.WriteNumberValue(value);
                }

                json.WriteEndArray();
            }

            json.WriteEndArray();
        }
        else
        {
            json.WriteStartArray();
            foreach (float value in action)
            {
                json.WriteNumberValue(value);
            }

            json.WriteEndArray();
        }

        json.Flush();
        json.Reset(output);
    }
}
