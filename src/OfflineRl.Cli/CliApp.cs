using System.CommandLine;
using System.CommandLine.Help;
using OfflineRl.Cli.Commands;

namespace OfflineRl.Cli;

/// <summary>The <c>offlinerl</c> command line: one root command with a subcommand per task.</summary>
public static class CliApp
{
    /// <summary>Parses <paramref name="args"/>, runs the command and returns the exit code (0 on success).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        var context = new CliContext(output, error);
        var root = new RootCommand("offlinerl — offline reinforcement learning for .NET: inspect logged trajectories, train policies, export ONNX.");
        foreach (var command in Commands(context))
        {
            root.Add(command);
        }

        var parse = root.Parse(args);
        if (parse.Action is HelpAction && parse.CommandResult.Command is TrainingCommand train)
        {
            train.DescribeFlags();
        }

        return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
    }

    private static IEnumerable<Command> Commands(CliContext context)
    {
        yield return InspectCommand.Create(context);
        yield return ConvertCommand.Create(context);
        yield return DemoCommand.Create(context);
        yield return TrainCommand.Create(context);
        yield return EvaluateCommand.Create(context);
        yield return OpeCommand.Create(context);
        yield return OpeCheckCommand.Create(context);
        yield return ExportCommand.Create(context);
        yield return ServeCommand.Create(context);
        yield return GenerateCommand.Create(context);
        yield return SacCommand.Create(context);
        yield return EnvEvaluateCommand.Create(context);
        yield return BenchCommand.Create(context);
        yield return BenchmarkCommand.Create(context);
        yield return PlotCommand.Create(context);
    }
}
