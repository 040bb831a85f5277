using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Providers;
using Microsoft.EntityFrameworkCore;

namespace M3uStrm.Server.Features.Epg;

/// <summary>What other features may ask of the EPG feature about sources.</summary>
public interface IEpgSourceRegistry
{
    /// <summary>
    /// Makes sure the guides a provider announces (its Xtream <c>xmltv.php</c>, its M3U header's <c>x-tvg-url</c>)
    /// exist as sources; new ones are refreshed at once. Sources an admin removed are not added again.
    /// </summary>
    Task EnsureProviderSourcesAsync(long providerId, IReadOnlyList<string> guideUrls, CancellationToken cancellationToken);
}

internal sealed class EpgSourceRegistry(AppDbContext db, EpgSecrets secrets, EpgSchedules schedules, TimeProvider time, ILogger<EpgSourceRegistry> logger)
    : IEpgSourceRegistry
{
    public async Task EnsureProviderSourcesAsync(long providerId, IReadOnlyList<string> guideUrls, CancellationToken cancellationToken)
    {
        var provider = await db.Set<Provider>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == providerId, cancellationToken);
        var urls = guideUrls.Select(u => u.Trim()).Where(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            .Distinct(StringComparer.Ordinal).ToList();
        if (provider is null || urls.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var existing = await db.Set<EpgSource>().Where(s => s.ProviderId == providerId).ToListAsync(cancellationToken);
        var created = new List<EpgSource>();
        if (provider.Kind == ProviderKinds.Xtream)
        {
            // One xmltv.php per provider; new credentials update it rather than adding a second one.
            var url = urls[0];
            var source = existing.FirstOrDefault(s => s.Kind == EpgSourceKinds.ProviderXtream);
            if (source is null)
            {
                source = New(provider, EpgSourceKinds.ProviderXtream, $"{provider.Name} (xmltv.php)", url, now);
                created.Add(source);
            }
            else if (source.UrlHash != EpgSecrets.Hash(url) && !source.Dismissed)
            {
                secrets.SetUrl(source, url);
                source.UpdatedAt = now;
            }
        }
        else
        {
            foreach (var url in urls)
            {
                if (!existing.Any(s => s.UrlHash == EpgSecrets.Hash(url)))
                {
                    created.Add(New(provider, EpgSourceKinds.ProviderM3u, $"{provider.Name} (playlist guide)", url, now));
                }
            }
        }

        db.AddRange(created);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var source in created)
        {
            logger.LogInformation("Added EPG source {SourceId} for provider {ProviderId}: {Url}", source.Id, providerId, source.UrlMasked);
            await schedules.TriggerAsync(source.Id, $"provider:{providerId}", cancellationToken);
        }
    }

    private EpgSource New(Provider provider, string kind, string name, string url, DateTime now)
    {
        var source = new EpgSource { Name = name.Length > 200 ? name[..200] : name, Kind = kind, ProviderId = provider.Id, Priority = 100, CreatedAt = now, UpdatedAt = now };
        secrets.SetUrl(source, url);
        return source;
    }
}
