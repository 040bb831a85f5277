using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace M3uStrm.Server.Features.Health;

/// <summary>What ffprobe found in the first video stream.</summary>
public sealed record FfprobeResult(int? Width, int? Height, string? Codec, double? Fps, long? BitrateKbps);

/// <summary>Reasons a decoded sample marks a stream degraded.</summary>
public static class ContentProblem
{
    public const string Black = "black";
    public const string Frozen = "frozen";
    public const string Silent = "silent";
}

public sealed class FfprobeException(string message) : Exception(message);

/// <summary>Runs ffprobe on a URL with bounded probe size, analyse time and wall-clock time.</summary>
public sealed class FfprobeRunner(IConfiguration configuration)
{
    private string Path => configuration["Health:FfprobePath"] ?? "ffprobe";

    private TimeSpan Timeout => TimeSpan.FromSeconds(configuration.GetValue("Health:FfprobeTimeoutSeconds", 20.0));

    public async Task<FfprobeResult> ProbeAsync(string url, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "-v", "error", "-probesize", "5000000", "-analyzeduration", "5000000", "-rw_timeout", "10000000",
            "-select_streams", "v:0", "-show_streams", "-show_format", "-print_format", "json", url,
        })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new FfprobeException("ffprobe could not be started");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            var output = await stdout;
            var errors = await stderr;
            if (process.ExitCode != 0)
            {
                var reason = errors.Trim();
                throw new FfprobeException($"ffprobe exited with {process.ExitCode}: {(reason.Length > 300 ? reason[..300] : reason)}");
            }

            return Parse(output);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new FfprobeException($"ffprobe did not finish within {Timeout.TotalSeconds:0.#} s");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private string FfmpegPath => configuration["Health:FfmpegPath"] ?? "ffmpeg";

    private TimeSpan ContentSeconds => TimeSpan.FromSeconds(Math.Clamp(configuration.GetValue("Health:ContentSampleSeconds", 3.0), 1.0, 30.0));

    /// <summary>
    /// Decodes a short sample with ffmpeg and reports what is wrong with its content: <c>black</c>, <c>frozen</c>
    /// (a black picture is not also reported as frozen), <c>silent</c>; empty when the content looks fine.
    /// </summary>
    public async Task<IReadOnlyList<string>> ContentProblemsAsync(string url, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(FfmpegPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "-hide_banner", "-nostats", "-nostdin", "-v", "info", "-rw_timeout", "10000000", "-t", ContentSeconds.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture), "-i", url,
            "-vf", "blackdetect=d=1,freezedetect=n=-60dB:d=2", "-af", "silencedetect=n=-50dB:d=2", "-f", "null", "-",
        })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new FfprobeException("ffmpeg could not be started");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var limit = Timeout + ContentSeconds;
        timeout.CancelAfter(limit);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            await stdout;
            var log = await stderr;
            if (process.ExitCode != 0)
            {
                var lines = log.Trim().Split('\n');
                var reason = lines.Length > 0 ? lines[^1] : "";
                throw new FfprobeException($"ffmpeg exited with {process.ExitCode}: {(reason.Length > 300 ? reason[..300] : reason)}");
            }

            return ContentProblems(log);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new FfprobeException($"ffmpeg did not finish within {limit.TotalSeconds:0.#} s");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    internal static IReadOnlyList<string> ContentProblems(string log)
    {
        var problems = new List<string>();
        var black = log.Contains("black_start:", StringComparison.Ordinal);
        if (black)
        {
            problems.Add(ContentProblem.Black);
        }

        if (!black && log.Contains("freezedetect.freeze_start", StringComparison.Ordinal))
        {
            problems.Add(ContentProblem.Frozen);
        }

        if (log.Contains("silence_start:", StringComparison.Ordinal))
        {
            problems.Add(ContentProblem.Silent);
        }

        return problems;
    }

    internal static FfprobeResult Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        if (!doc.RootElement.TryGetProperty("streams", out var streams) || streams.GetArrayLength() == 0)
        {
            throw new FfprobeException("no video stream found");
        }

        var video = streams[0];
        int? Int(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;
        long? Bitrate(JsonElement e) => e.TryGetProperty("bit_rate", out var v) && long.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var bps) && bps > 0 ? bps / 1000 : null;
        var bitrate = Bitrate(video) ?? (doc.RootElement.TryGetProperty("format", out var format) ? Bitrate(format) : null);
        var codec = video.TryGetProperty("codec_name", out var c) ? c.GetString() : null;
        var fps = Rate(video, "avg_frame_rate") ?? Rate(video, "r_frame_rate");
        return new FfprobeResult(Int(video, "width"), Int(video, "height"), codec, fps, bitrate);
    }

    private static double? Rate(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v) || v.GetString() is not { } text)
        {
            return null;
        }

        var parts = text.Split('/');
        if (parts.Length == 2 && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d > 0 && n > 0)
        {
            return Math.Round(n / d, 3);
        }

        return null;
    }
}
