using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace M3uStrm.Server.Features.Playback;

/// <summary>What a rewritten HLS URI stands for: who may fetch it, for which item, and the provider URL (encrypted in the link).</summary>
public sealed record HlsLink(Guid UserId, PlaybackKind Kind, long ItemId, long? StreamId, string Url, string? UserAgent);

/// <summary>
/// HLS through this server: playlists from the provider are rewritten so each segment (and nested playlist) URI
/// becomes <c>/play/hls/{link}</c>, where the link is the provider URL encrypted and signed with Data Protection and
/// valid for a limited time — players never see the provider, and nobody can make us fetch a URL of their choice.
/// The viewers of one channel share the stream chosen for it and one provider connection slot, released when no
/// player asked for the playlist for a while.
/// </summary>
public sealed class HlsProxy(IDataProtectionProvider protection, ProviderConnections connections, TimeProvider time)
{
    private static readonly TimeSpan LinkLifetime = TimeSpan.FromHours(6);
    private static readonly TimeSpan SlotIdle = TimeSpan.FromSeconds(60);
    private readonly ITimeLimitedDataProtector protector = protection.CreateProtector("M3uStrm.Playback.Hls.v1").ToTimeLimitedDataProtector();
    private readonly ConcurrentDictionary<long, Slot> slots = new();
    private readonly Lock gate = new();

    private sealed class Slot(Candidate candidate, IDisposable lease, DateTime now)
    {
        public Candidate Candidate { get; } = candidate;

        public IDisposable Lease { get; } = lease;

        public DateTime LastUsed { get; set; } = now;
    }

    public string Protect(HlsLink link) =>
        protector.Protect(JsonSerializer.Serialize(link), LinkLifetime);

    public HlsLink? Unprotect(string value)
    {
        try
        {
            return JsonSerializer.Deserialize<HlsLink>(protector.Unprotect(value));
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The stream the channel's HLS viewers use now, or the first of <paramref name="candidates"/> with a free slot.</summary>
    public Candidate? Choose(long channelId, IReadOnlyList<Candidate> candidates, ISet<long> skip)
    {
        var now = time.GetUtcNow().UtcDateTime;
        lock (gate)
        {
            if (slots.TryGetValue(channelId, out var slot) && !skip.Contains(slot.Candidate.StreamId ?? -1))
            {
                slot.LastUsed = now;
                return slot.Candidate;
            }

            if (slot is not null)
            {
                slots.TryRemove(channelId, out _);
                slot.Lease.Dispose();
            }

            foreach (var candidate in candidates.Where(c => !skip.Contains(c.StreamId ?? -1)))
            {
                if (connections.TryAcquire(candidate.ProviderId, candidate.MaxConnections) is { } lease)
                {
                    slots[channelId] = new Slot(candidate, lease, now);
                    return candidate;
                }
            }

            return null;
        }
    }

    /// <summary>A segment was fetched: the channel's slot is in use.</summary>
    public void Touch(long channelId)
    {
        if (slots.TryGetValue(channelId, out var slot))
        {
            slot.LastUsed = time.GetUtcNow().UtcDateTime;
        }
    }

    /// <summary>Releases the slots of channels nobody fetched for a minute.</summary>
    public void ReleaseIdle()
    {
        var before = time.GetUtcNow().UtcDateTime - SlotIdle;
        lock (gate)
        {
            foreach (var (channelId, slot) in slots.Where(s => s.Value.LastUsed < before).ToList())
            {
                slots.TryRemove(channelId, out _);
                slot.Lease.Dispose();
            }
        }
    }

    /// <summary>Rewrites every URI of <paramref name="playlist"/> to a link under <paramref name="baseUrl"/>.</summary>
    public string Rewrite(HlsPlaylist playlist, string baseUrl, Guid userId, PlaybackKind kind, long itemId, long? streamId, string? userAgent) =>
        playlist.Rewrite((uri, isPlaylist) =>
        {
            var link = Protect(new HlsLink(userId, kind, itemId, streamId, uri.ToString(), userAgent));
            return string.Create(CultureInfo.InvariantCulture, $"{baseUrl}/play/hls/{link}.{(isPlaylist ? "m3u8" : Extension(uri))}");
        });

    private static string Extension(Uri uri)
    {
        var ext = Path.GetExtension(uri.AbsolutePath).TrimStart('.').ToLowerInvariant();
        return ext.Length is > 0 and <= 5 && ext.All(char.IsAsciiLetterOrDigit) ? ext : "ts";
    }
}
