using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace M3uStrm.E2E;

/// <summary>
/// The real server, started from its build output as a child process on a free loopback port with a
/// fresh data directory, so the first-start admin bootstrap runs exactly as a new install's would.
/// </summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly TaskCompletionSource<(string User, string Password)> admin = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string dataDirectory;

    private ServerProcess(Process process, string dataDirectory, Uri baseAddress)
    {
        this.process = process;
        this.dataDirectory = dataDirectory;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public string AdminUser { get; private set; } = "";

    public string AdminPassword { get; private set; } = "";

    /// <summary>Everything the server printed so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    [GeneratedRegex(@"created admin account '(?<user>[^']+)' with password: (?<pw>\S+)")]
    private static partial Regex AdminLine();

    public static async Task<ServerProcess> StartAsync()
    {
        var dll = RepoPaths.ServerDll;
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"The server is not built: {dll} is missing. Run `dotnet build` first.");
        }

        var port = FreePort();
        var dataDirectory = Directory.CreateTempSubdirectory("m3ustrm-e2e-").FullName;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = RepoPaths.ServerProjectDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        // Jobs the tests run by hand must not also run on their own schedule in the middle of a test (quality sampling is hourly).
        foreach (var job in new[] { "quality-sampling", "health-check" })
        {
            start.ArgumentList.Add($"--Jobs:{job}:Cron=0 0 0 1 1 ? 2099");
        }

        start.Environment["M3USTRM_DataDirectory"] = dataDirectory;
        // The address players and media servers reach it at, as an install sets it (the library build needs one).
        start.Environment["M3USTRM_PublicUrl"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment.Remove("ASPNETCORE_URLS");

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var server = new ServerProcess(process, dataDirectory, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        process.Exited += (_, _) => server.OnExited();

        if (!process.Start())
        {
            throw new InvalidOperationException("Could not start the server process.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            var ready = Task.WhenAll(server.admin.Task, server.listening.Task);
            await ready.WaitAsync(StartTimeout);
            (server.AdminUser, server.AdminPassword) = await server.admin.Task;
            return server;
        }
        catch (Exception ex)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException($"The server did not start as expected ({ex.Message}). Its output:\n{server.Output}", ex);
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }

        var match = AdminLine().Match(line);
        if (match.Success)
        {
            admin.TrySetResult((match.Groups["user"].Value, match.Groups["pw"].Value));
        }

        if (line.Contains("Now listening on:", StringComparison.Ordinal))
        {
            listening.TrySetResult();
        }
    }

    private void OnExited()
    {
        var error = new InvalidOperationException($"The server exited early with code {process.ExitCode}.");
        admin.TrySetException(error);
        listening.TrySetException(error);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
        finally
        {
            process.Dispose();
        }

        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing the run for.
        }
    }
}
