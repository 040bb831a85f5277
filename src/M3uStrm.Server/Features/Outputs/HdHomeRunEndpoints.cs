using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using M3uStrm.Formats.HdHomeRun;
using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Channels;
using M3uStrm.Server.Features.Playback;
using M3uStrm.Server.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace M3uStrm.Server.Features.Outputs;

/// <summary>
/// An emulated HDHomeRun network tuner for Plex, Jellyfin and Emby live TV. Each user has one at
/// <c>/hdhr/{playback_token}/</c> (the media server is given that address); with <c>HdHomeRun:Username</c> set, that
/// account's tuner also answers at the root, for media servers that take only a host and port.
/// Field names and types are those of real devices (fixtures under <c>shared/fixtures/hdhomerun</c>).
/// </summary>
internal static class HdHomeRunEndpoints
{
    public const string ModelNumber = "HDTC-2US";
    public const string FirmwareName = "hdhomeruntc_atsc";
    public const string FirmwareVersion = "20200101";

    /// <summary>Channels without a number of their own get <c>100000 + id</c>: stable, and above every number an admin may set (0–99999).</summary>
    public const int UnnumberedBase = 100_000;

    public static void Map(IEndpointRouteBuilder app)
    {
        var user = app.MapGroup("/hdhr/{token}").WithTags("Outputs").AllowAnonymous();
        user.MapGet("/discover.json", (string token, HttpContext http, TunerRequests tuner, CancellationToken ct) =>
            tuner.AnswerAsync(Tuner.PerUser(token), http, TunerFile.Discover, ct));
        user.MapGet("/lineup.json", (string token, HttpContext http, TunerRequests tuner, CancellationToken ct) =>
            tuner.AnswerAsync(Tuner.PerUser(token), http, TunerFile.Lineup, ct));
        user.MapGet("/lineup_status.json", (string token, HttpContext http, TunerRequests tuner, CancellationToken ct) =>
            tuner.AnswerAsync(Tuner.PerUser(token), http, TunerFile.LineupStatus, ct));
        user.MapPost("/lineup.post", (string token, HttpContext http, TunerRequests tuner, CancellationToken ct) =>
            tuner.AnswerAsync(Tuner.PerUser(token), http, TunerFile.LineupPost, ct)).DisableAntiforgery();
        user.MapGet("/device.xml", (string token, HttpContext http, TunerRequests tuner, CancellationToken ct) =>
            tuner.AnswerAsync(Tuner.PerUser(token), http, TunerFile.DeviceXml, ct));

        var root = app.MapGroup("").WithTags("Outputs").AllowAnonymous();
        root.MapGet("/discover.json", (HttpContext http, TunerRequests tuner, CancellationToken ct) => tuner.AnswerAsync(Tuner.Dedicated, http, TunerFile.Discover, ct));
        root.MapGet("/lineup.json", (HttpContext http, TunerRequests tuner, CancellationToken ct) => tuner.AnswerAsync(Tuner.Dedicated, http, TunerFile.Lineup, ct));
        root.MapGet("/lineup_status.json", (HttpContext http, TunerRequests tuner, CancellationToken ct) => tuner.AnswerAsync(Tuner.Dedicated, http, TunerFile.LineupStatus, ct));
        root.MapPost("/lineup.post", (HttpContext http, TunerRequests tuner, CancellationToken ct) => tuner.AnswerAsync(Tuner.Dedicated, http, TunerFile.LineupPost, ct))
            .DisableAntiforgery();
        root.MapGet("/device.xml", (HttpContext http, TunerRequests tuner, CancellationToken ct) => tuner.AnswerAsync(Tuner.Dedicated, http, TunerFile.DeviceXml, ct));
    }
}

internal enum TunerFile
{
    Discover,
    Lineup,
    LineupStatus,
    LineupPost,
    DeviceXml,
}

/// <summary>Which tuner a request is for: a user's (by playback token) or the dedicated account's (at the root).</summary>
internal sealed record Tuner(string? Token)
{
    public static readonly Tuner Dedicated = new((string?)null);

    public static Tuner PerUser(string token) => new(token);
}

/// <summary>Answers the requests of one emulated tuner after finding whose it is.</summary>
internal sealed class TunerRequests(
    PlayerAuth auth,
    AppDbContext db,
    OutputCatalog catalog,
    HdHomeRunIdentity identity,
    IOptionsMonitor<HdHomeRunOptions> options,
    IOptions<ServerOptions> server)
{
    public async Task<IResult> AnswerAsync(Tuner tuner, HttpContext http, TunerFile file, CancellationToken cancellationToken)
    {
        var (account, deviceId, name, baseUrl) = await ResolveAsync(tuner, http.Request, cancellationToken);
        if (account is null)
        {
            return ApiProblems.NotFound("Tuner");
        }

        var device = HdHomeRunDeviceIds.Format(deviceId);
        switch (file)
        {
            case TunerFile.Discover:
                var discover = new HdHomeRunDiscover
                {
                    FriendlyName = name,
                    ModelNumber = HdHomeRunEndpoints.ModelNumber,
                    FirmwareName = HdHomeRunEndpoints.FirmwareName,
                    FirmwareVersion = HdHomeRunEndpoints.FirmwareVersion,
                    DeviceId = device,
                    DeviceAuth = DeviceAuth(device),
                    BaseUrl = baseUrl,
                    LineupUrl = $"{baseUrl}/lineup.json",
                    TunerCount = options.CurrentValue.TunerCount,
                };
                return TypedResults.Stream(body => HdHomeRunWriter.WriteDiscoverAsync(body, discover, cancellationToken), "application/json");

            case TunerFile.Lineup:
                var lineup = await LineupAsync(account, PlaybackUrls.BaseUrl(http.Request, server.Value.PublicUrl), cancellationToken);
                return TypedResults.Stream(body => HdHomeRunWriter.WriteLineupAsync(body, lineup, cancellationToken), "application/json");

            case TunerFile.LineupStatus:
                // The lineup is always current (it is our channel list): never scanning, a scan is always possible.
                var status = new HdHomeRunLineupStatus { ScanInProgress = 0, ScanPossible = 1, Source = "Cable", SourceList = ["Cable"] };
                return TypedResults.Stream(body => HdHomeRunWriter.WriteLineupStatusAsync(body, status, cancellationToken), "application/json");

            case TunerFile.LineupPost:
                // Plex posts scan=start (and may abort); there is nothing to scan, the next lineup.json is up to date.
                var scan = http.Request.Query["scan"].ToString();
                return scan is "" or "start" or "abort"
                    ? TypedResults.Ok()
                    : ApiProblems.Validation("scan", "scan must be 'start' or 'abort'.");

            default:
                var description = new HdHomeRunDevice
                {
                    FriendlyName = name,
                    ModelName = HdHomeRunEndpoints.ModelNumber,
                    ModelNumber = HdHomeRunEndpoints.ModelNumber,
                    SerialNumber = device,
                    Udn = Udn(device),
                    BaseUrl = baseUrl,
                };
                return TypedResults.Stream(body => HdHomeRunWriter.WriteDeviceXmlAsync(body, description, cancellationToken), "application/xml; charset=utf-8");
        }
    }

    private async Task<(PlayerAccount? Account, uint DeviceId, string Name, string BaseUrl)> ResolveAsync(Tuner tuner, HttpRequest request, CancellationToken cancellationToken)
    {
        var root = PlaybackUrls.BaseUrl(request, server.Value.PublicUrl);
        var settings = options.CurrentValue;
        if (tuner.Token is { } token)
        {
            var account = await auth.ByTokenAsync(token, cancellationToken);
            return account is null
                ? default
                : (account, identity.ForUser(account.UserId), $"{settings.FriendlyName} ({account.Username})", $"{root}/hdhr/{Uri.EscapeDataString(token)}");
        }

        if (string.IsNullOrWhiteSpace(settings.Username))
        {
            return default;
        }

        var normalized = settings.Username.Trim().ToUpperInvariant();
        var user = await db.Users.AsNoTracking().Where(u => u.NormalizedUserName == normalized && u.Enabled)
            .Select(u => new { u.Id, u.UserName, u.PlaybackToken, u.XtreamPassword }).FirstOrDefaultAsync(cancellationToken);
        return user is null
            ? default
            : (new PlayerAccount(user.Id, user.UserName ?? "", user.PlaybackToken, user.XtreamPassword), identity.DeviceId, settings.FriendlyName, root);
    }

    /// <summary>
    /// One entry per enabled channel, in channel order. GuideNumber is the channel's number when no other enabled
    /// channel has it, <c>number.id</c> when several share it, and <c>100000 + id</c> without a number: stable as long
    /// as the channel keeps its number, which is what media servers key their guide mapping on.
    /// </summary>
    private async Task<List<HdHomeRunLineupItem>> LineupAsync(PlayerAccount account, string baseUrl, CancellationToken cancellationToken)
    {
        var quality = await catalog.BestQualityAsync(cancellationToken);
        var channels = new List<LiveRow>();
        await foreach (var c in catalog.ChannelsAsync().WithCancellation(cancellationToken))
        {
            channels.Add(c);
        }

        var shared = channels.Where(c => c.Number is not null).GroupBy(c => c.Number).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        return channels.Select(c => new HdHomeRunLineupItem
        {
            GuideNumber = c.Number is not { } number ? (HdHomeRunEndpoints.UnnumberedBase + c.Id).ToString(CultureInfo.InvariantCulture)
                : shared.Contains(number) ? string.Create(CultureInfo.InvariantCulture, $"{number}.{c.Id}")
                : number.ToString(CultureInfo.InvariantCulture),
            GuideName = c.Name,
            // As devices do, HD is present only when it is 1 (best active stream 720p or better).
            Hd = quality.GetValueOrDefault(c.Id) >= StreamQualityDetector.BaseScore(StreamQualityDetector.ResHd) ? 1 : null,
            Url = PlaybackUrls.Token(baseUrl, account.PlaybackToken, PlaybackKind.Live, c.Id, "ts"),
        }).ToList();
    }

    /// <summary>Devices send an opaque auth string; ours is derived from the id (it authorizes nothing).</summary>
    private static string DeviceAuth(string device) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("m3ustrm-hdhr-auth/" + device)))[..24].Replace('+', '-').Replace('/', '_');

    /// <summary>A UUID that is the same for a device id every time (UPnP's UDN must not change).</summary>
    private static string Udn(string device) => new Guid(SHA256.HashData(Encoding.UTF8.GetBytes("m3ustrm-hdhr-udn/" + device)).AsSpan(0, 16)).ToString();
}
