using BenchmarkDotNet.Running;

// In-process benchmarks of the readers and writers: dotnet run -c Release --project bench/M3uStrm.Bench -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
