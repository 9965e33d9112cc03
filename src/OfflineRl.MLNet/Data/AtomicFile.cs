using System.Diagnostics;
using System.Globalization;

#if OFFLINERL_CHARTS
namespace OfflineRl.MLNet.Charts; // the copy compiled into OfflineRl.MLNet.Charts (a linked file), apart from the library's
#elif OFFLINERL_CLI
namespace OfflineRl.Cli; // the copy compiled into the command line, which sees only the library's public surface
#else
namespace OfflineRl.MLNet.Data;
#endif

/// <summary>
/// The one way the library and the CLI write a file that a crash could tear (checkpoints, models, ONNX files, datasets,
/// reports): the bytes go to a temporary file in the target's folder, are flushed to disk, and the temporary file is
/// renamed over the target. A reader, or a process resuming after a kill, sees the old file or the new one, never a mix.
/// </summary>
/// <remarks>
/// The temporary file is <c>.&lt;name&gt;.&lt;pid&gt;.&lt;random&gt;.tmp</c>: hidden, unique per write, and named after the
/// writing process. A failed write deletes its own; one left by a killed process is deleted by the next write of the
/// same target once that process no longer runs. Same folder, so the rename never crosses file systems.
/// </remarks>
internal static class AtomicFile
{
    private const string TempExtension = ".tmp";

    /// <summary>Writes through <paramref name="write"/> into a temporary file beside <paramref name="path"/>, then renames it over <paramref name="path"/>.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        var name = Path.GetFileName(full);
        Directory.CreateDirectory(dir);
        RemoveStaleTemps(dir, name);
        var temp = Path.Combine(dir, string.Create(CultureInfo.InvariantCulture, $"{TempPrefix(name)}{Environment.ProcessId}.{Guid.NewGuid():N}{TempExtension}"));
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>Writes <paramref name="text"/> atomically as UTF-8 without a byte-order mark.</summary>
    public static void WriteAllText(string path, string text) =>
        Write(path, s =>
        {
            using var w = new StreamWriter(s, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
            w.Write(text);
        });

    private static string TempPrefix(string target) => "." + target + ".";

    // Deletes the temporary files of earlier writes of this target whose process has died (killed mid-write); a file of a
    // live process, this one included, may be another write in progress and stays.
    private static void RemoveStaleTemps(string dir, string target)
    {
        var prefix = TempPrefix(target);
        foreach (var file in Directory.EnumerateFiles(dir, prefix + "*" + TempExtension))
        {
            var rest = Path.GetFileName(file.AsSpan())[prefix.Length..];
            var dot = rest.IndexOf('.');
            if (dot <= 0 || !int.TryParse(rest[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || IsRunning(pid))
            {
                continue;
            }

            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // Another writer removed it first, or it is held open: it is only clutter, never read.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId)
        {
            return true;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
