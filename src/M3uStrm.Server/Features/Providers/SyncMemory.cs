namespace M3uStrm.Server.Features.Providers;

/// <summary>
/// Parsing, writing and merging 100k items leaves hundreds of MB of short-lived garbage that the server GC would
/// keep until its large gen0 budget runs out; collecting between the phases of a big sync (and handing the freed
/// memory back to the OS) keeps the process's peak, measured in bench/sync, under 500 MB.
/// </summary>
internal static class SyncMemory
{
    /// <param name="items">How many items the phase handled; small syncs leave the GC alone.</param>
    /// <param name="returnToSystem">Also give the freed memory back to the OS, so it is not held until the next sync.</param>
    public static void Release(int items, bool returnToSystem = false)
    {
        if (items >= 20_000)
        {
            GC.Collect(GC.MaxGeneration, returnToSystem ? GCCollectionMode.Aggressive : GCCollectionMode.Forced, blocking: true, compacting: true);
        }
    }
}
