using OfflineRl.Fuzz;

// offlinerl-fuzz TARGET               run TARGET under afl-fuzz (SharpFuzz's persistent fork server; once on stdin otherwise)
// offlinerl-fuzz TARGET --replay P..  run TARGET on every file P (or every file in folder P) and report unexpected exceptions
// offlinerl-fuzz seeds DIR            write the seed corpora into DIR/TARGET/
if (args.Length == 2 && args[0] == "seeds")
{
    SeedData.Write(args[1]);
    return 0;
}

if (args.Length < 1 || !FuzzTargets.Names.Contains(args[0]))
{
    Console.Error.WriteLine($"usage: OfflineRl.Fuzz TARGET [--replay FILE|DIR...] | seeds DIR; targets: {string.Join(", ", FuzzTargets.Names)}");
    return 2;
}

var target = args[0];
if (args.Length > 1 && args[1] == "--replay")
{
    var failures = 0;
    foreach (var file in args.Skip(2).SelectMany<string, string>(p => Directory.Exists(p) ? Directory.GetFiles(p).Order(StringComparer.Ordinal) : [p]))
    {
        try
        {
            var message = FuzzTargets.Run(target, File.ReadAllBytes(file));
            Console.WriteLine($"{file}: {(message is null ? "accepted" : "refused: " + message.ReplaceLineEndings(" "))}");
        }
        catch (Exception ex)
        {
            failures++;
            Console.WriteLine($"{file}: CRASH {ex}");
        }
    }

    return failures == 0 ? 0 : 1;
}

SharpFuzz.Fuzzer.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    FuzzTargets.Run(target, buffer.ToArray());
});
return 0;
