using System.CommandLine;
using OfflineRl.MLNet.Onnx;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.Cli.Commands;

/// <summary><c>offlinerl export --policy &lt;dir&gt; --onnx &lt;file&gt; [--with-distribution]</c>: a trained model as ONNX.</summary>
public static class ExportCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var policy = new Option<string>("--policy") { Description = "Folder of a saved model (PolicyModel.Save).", Required = true };
        var onnx = new Option<string>("--onnx") { Description = "The .onnx file to write.", Required = true };
        var distribution = new Option<bool>("--with-distribution") { Description = "Gaussian policies: also output ActionMean and ActionLogStd." };
        var command = new Command("export", "Export a trained policy as ONNX (input Observation; output Action, plus ActionProbabilities for discrete policies).") { policy, onnx, distribution };
        command.SetAction(parse => context.Guard(() =>
        {
            PolicyModel model = PolicyModel.Load(parse.GetValue(policy)!);
            string path = parse.GetValue(onnx)!;
            PolicyOnnxExporter.Export(model, path, new OnnxExportOptions { WithDistribution = parse.GetValue(distribution) });
            context.Output.WriteLine($"wrote {Path.GetFullPath(path)} ({model})");
            return 0;
        }));
        return command;
    }
}
