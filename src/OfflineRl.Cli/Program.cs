return OfflineRl.Cli.CliApp.Run(args, Console.Out, Console.Error);
