using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace M3uStrm.Server.Features.Health;

/// <summary>What ffprobe found in the first video stream.</summary>
public sealed record FfprobeResult(int? Width, int? Height, string? Codec, double? Fps, long? BitrateKbps);

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
