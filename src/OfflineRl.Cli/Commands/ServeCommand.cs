using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using OfflineRl.Cli.Serving;
using OfflineRl.MLNet.Onnx;

namespace OfflineRl.Cli.Commands;

/// <summary>
/// <c>offlinerl serve --model &lt;file.onnx&gt; [--urls http://127.0.0.1:5080]</c>: serves an exported policy over HTTP
/// (<c>POST /act</c>, <c>GET /health</c>, <c>GET /metadata</c>). The hidden <c>--load-test N</c> starts the server on a
/// free loopback port, sends N requests and prints throughput and latency, then stops.
/// </summary>
public static class ServeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var model = new Option<string>("--model") { Description = "An exported policy (.onnx).", Required = true };
        var urls = new Option<string>("--urls") { Description = "Addresses to listen on.", DefaultValueFactory = _ => PolicyServer.DefaultUrls };
        var loadTest = new Option<int>("--load-test") { Description = "Run a loopback load test of N requests and exit.", Hidden = true };
        var concurrency = new Option<int>("--concurrency") { Description = "Parallel clients of the load test.", Hidden = true, DefaultValueFactory = _ => 4 };
        var command = new Command("serve", "Serve an exported ONNX policy over HTTP: POST /act, GET /health, GET /metadata.") { model, urls, loadTest, concurrency };
        command.SetAction(parse => context.Guard(() =>
        {
            int n = parse.GetValue(loadTest);
            string address = n > 0 ? "http://127.0.0.1:0" : parse.GetValue(urls)!;
            WebApplication app = PolicyServer.Build(parse.GetValue(model)!, address);
            app.StartAsync().GetAwaiter().GetResult();
            try
            {
                string listening = PolicyServer.Addresses(app)[0];
                context.Output.WriteLine($"serving {parse.GetValue(model)} on {listening}");
                if (n > 0)
                {
                    using var probe = OnnxPolicy.Load(parse.GetValue(model)!);
                    var result = ServeLoadTest.RunAsync(new Uri(listening), probe.ObservationSize, n, parse.GetValue(concurrency), TimeSpan.FromMinutes(2)).GetAwaiter().GetResult();
                    context.Output.WriteLine(result.ToString());
                    return result.Failures == 0 ? 0 : 1;
                }

                context.Output.WriteLine("press Ctrl+C to stop");
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
}
