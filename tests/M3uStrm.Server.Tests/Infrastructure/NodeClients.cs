using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace M3uStrm.Server.Tests.Infrastructure;

/// <summary>
/// Runs the real player-side clients of <c>tests/clients</c> (node scripts over npm packages) against a test server.
/// The test script installs them with <c>npm ci</c>; when run alone, the first use installs them.
/// </summary>
public static class NodeClients
{
    private static readonly SemaphoreSlim Install = new(1, 1);

    public static string Directory { get; } = Path.GetFullPath(
        typeof(NodeClients).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "ClientsDirectory").Value!);

    /// <summary>Runs <c>node {script} {args}</c> and returns its exit code and its output read as JSON.</summary>
    public static async Task<(int ExitCode, JsonElement Output)> RunAsync(string script, params string[] args)
    {
        await EnsureInstalledAsync();
        var (exit, stdout, stderr) = await ExecAsync("node", [script, .. args], TimeSpan.FromMinutes(2));
        try
        {
            return (exit, JsonDocument.Parse(stdout).RootElement.Clone());
        }
        catch (JsonException)
        {
            throw new InvalidOperationException($"node {script} (exit {exit}) did not print JSON. stdout: {stdout[..Math.Min(stdout.Length, 2000)]} stderr: {stderr}");
        }
    }

    private static async Task EnsureInstalledAsync()
    {
        await Install.WaitAsync();
        try
        {
            if (File.Exists(Path.Combine(Directory, "node_modules", ".package-lock.json")))
            {
                return;
            }

            var (exit, stdout, stderr) = await ExecAsync("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5));
            if (exit != 0)
            {
                throw new InvalidOperationException($"npm ci in {Directory} failed ({exit}): {stdout} {stderr}");
            }
        }
        finally
        {
            Install.Release();
        }
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> ExecAsync(string file, string[] args, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = Directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} could not be started (is it on PATH?)");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout}.");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
