using OfflineRl.MLNet.Data;
using Spectre.Console;

namespace OfflineRl.Cli;

/// <summary>Where a command writes, and the one place errors become messages and exit codes.</summary>
public sealed class CliContext
{
    /// <summary>Creates the context over the given writers.</summary>
    public CliContext(TextWriter output, TextWriter error)
    {
        Output = output;
        Error = error;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = ReferenceEquals(output, System.Console.Out) && !System.Console.IsOutputRedirected ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = ColorSystemSupport.Detect,
            Interactive = InteractionSupport.No,
        });
    }

    /// <summary>Standard output.</summary>
    public TextWriter Output { get; }

    /// <summary>Standard error.</summary>
    public TextWriter Error { get; }

    /// <summary>Spectre console writing to <see cref="Output"/>.</summary>
    public IAnsiConsole Console { get; }

    /// <summary>Runs <paramref name="body"/>; expected failures print their message (no stack trace) and return 1.</summary>
    public int Guard(Func<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return body();
        }
        catch (Exception ex) when (ex is DatasetValidationException or FileNotFoundException or DirectoryNotFoundException
                                       or ArgumentException or InvalidOperationException or InvalidDataException
                                       or NotSupportedException or IOException or UnauthorizedAccessException)
        {
            Error.WriteLine($"error: {ex.Message}");
            return 1;
        }
    }
}
