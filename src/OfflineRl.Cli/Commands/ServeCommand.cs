using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace OfflineRl.Cli.Commands;

/// <summary>
/// <c>offlinerl serve --model &lt;file.onnx&gt; [--urls http://127.0.0.1:5080] [--api-key-file F] [--watch]</c>: serves an
/// exported policy over HTTP through the OfflineRl.MLNet.Serving library (<c>POST /act</c>, <c>GET /metadata</c>,
/// <c>POST /admin/reload</c>, <c>GET /health</c>, <c>GET /health/ready</c>, <c>GET /metrics</c>) until Ctrl+C or SIGTERM,
/// then drains requests in flight and exits 0.
/// </summary>
public static class ServeCommand
{
    /// <summary>Default address: loopback only, so no key is needed.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>Environment variable holding an API key (a key on the command line would show in the process list).</summary>
    public const string ApiKeyVariable = "OFFLINERL_API_KEY";

    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var model = new Option<string>("--model") { Description = "An exported policy (.onnx).", Required = true };
        var urls = new Option<string>("--urls") { Description = "Addresses to listen on; beyond loopback an API key is required.", DefaultValueFactory = _ => DefaultUrls };
        var keyFile = new Option<string?>("--api-key-file") { Description = $"A file whose first line is the API key clients must send (also: the {ApiKeyVariable} variable)." };
        var watch = new Option<bool>("--watch") { Description = "Replace the model when the file changes (validated first; a bad file keeps the old model)." };
        var logLevel = new Option<LogLevel>("--log-level") { Description = "Least severe log messages written to stderr.", DefaultValueFactory = _ => LogLevel.Information };
        var command = new Command("serve", "Serve an exported ONNX policy over HTTP: POST /act, GET /metadata, POST /admin/reload, GET /health, /health/ready, /metrics.")
        {
            model, urls, keyFile, watch, logLevel,
        };
        command.SetAction(parse => context.Guard(() =>
        {
            List<string> keys = ReadKeys(parse.GetValue(keyFile));
            WebApplication app = Build(parse.GetValue(model)!, parse.GetValue(urls)!, keys, parse.GetValue(watch), parse.GetValue(logLevel));
            try
            {
                try
                {
                    app.StartAsync().GetAwaiter().GetResult();
                }
                catch (AggregateException ex) when (ex.InnerExceptions.Count == 1)
                {
                    throw ex.InnerExceptions[0];
                }

                var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
                context.Output.WriteLine($"serving {Path.GetFileName(parse.GetValue(model))} on {string.Join(", ", addresses)}{(keys.Count > 0 ? " (API key required)" : "")}");
                context.Output.WriteLine("press Ctrl+C to stop");
                context.Output.Flush();
                app.WaitForShutdownAsync().GetAwaiter().GetResult();
                return 0;
            }
            finally
            {
                app.StopAsync().GetAwaiter().GetResult();
                app.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }));
        return command;
    }

    /// <summary>The serve app, not started: the serving library, OpenTelemetry's Prometheus exporter at <c>/metrics</c>, logs on stderr.</summary>
    internal static WebApplication Build(string modelPath, string urls, IReadOnlyList<string> keys, bool watch, LogLevel logLevel)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(logLevel);
        // ASP.NET Core's per-request lines ("Request starting…") are Information: at load they would cost more than scoring.
        builder.Logging.AddFilter("Microsoft.AspNetCore", logLevel > LogLevel.Warning ? logLevel : LogLevel.Warning);
        // A failed start is reported by the command as "error: <reason>"; the host's own log line would repeat it with a stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", logLevel > LogLevel.Critical ? logLevel : LogLevel.Critical);
        builder.WebHost.UseUrls(urls);
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.AddOfflineRlPolicy(o =>
        {
            o.ModelPath = modelPath;
            o.WatchModelFile = watch;
            foreach (string key in keys)
            {
                o.ApiKeys.Add(key);
            }
        });
        builder.Services.AddOpenTelemetry().WithMetrics(m => m.AddOfflineRlPolicyInstrumentation().AddPrometheusExporter());
        WebApplication app = builder.Build();
        app.MapOfflineRlPolicy();
        app.MapPrometheusScrapingEndpoint().RequireOfflineRlApiKey();
        return app;
    }

    private static List<string> ReadKeys(string? keyFile)
    {
        var keys = new List<string>();
        if (keyFile is not null)
        {
            string first = File.ReadLines(keyFile).FirstOrDefault()?.Trim() ?? "";
            if (first.Length == 0)
            {
                throw new InvalidDataException($"The API key file '{keyFile}' is empty.");
            }

            keys.Add(first);
        }

        if (Environment.GetEnvironmentVariable(ApiKeyVariable) is { Length: > 0 } fromEnvironment)
        {
            keys.Add(fromEnvironment.Trim());
        }

        return keys;
    }
}
