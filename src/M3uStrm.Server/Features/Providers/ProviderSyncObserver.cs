namespace M3uStrm.Server.Features.Providers;

/// <summary>
/// Told when a provider sync succeeded, so features that derive output from the catalogue (the STRM library) can
/// follow it without the providers feature knowing them. Registered by those features; a failure is logged, never
/// fails the sync.
/// </summary>
public interface IProviderSyncObserver
{
    Task SyncSucceededAsync(long providerId, CancellationToken cancellationToken);
}
