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

    /// <summary>Set to 1 to print the stack trace of an unexpected error.</summary>
    public const string StackTraceVariable = "OFFLINERL_STACKTRACE";

    /// <summary>
    /// Runs <paramref name="body"/>; expected failures print their message (no stack trace) and return 1, anything else
    /// prints its message and type and returns 70 (EX_SOFTWARE).
    /// </summary>
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
        catch (Exception ex)
        {
            // Any other exception is a bug of ours, not the user's input: still no stack trace unless asked for.
            Error.WriteLine($"error: {ex.Message} ({ex.GetType().Name}; this is a bug in offlinerl, please report it with the command; set {StackTraceVariable}=1 for the stack trace)");
            if (Environment.GetEnvironmentVariable(StackTraceVariable) == "1")
            {
                Error.WriteLine(ex);
            }

            return 70;
        }
    }
}
