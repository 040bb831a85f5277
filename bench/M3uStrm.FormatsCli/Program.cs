using System.Diagnostics;
using M3uStrm.Formats.M3u;
using M3uStrm.Formats.Xmltv;
using M3uStrm.FormatsCli;

// m3ustrm-formats: parses (or rewrites) a file and prints counts, so whole-process comparisons with
// other parsers are possible. "m3u" reads entries as UTF-8 spans (M3uReader.ReadRawEntries: the same parser,
// no strings for fields it does not print); "m3u --entries" materialises every M3uEntry as the server gets it.
// Programmes are always fully materialised.
return args switch
{
    ["m3u", var path, .. var options] when PlaylistOptions.TryParse(options, out var threads, out var entries) =>
        PlaylistCommands.Read(path, threads, entries),
    ["write-m3u", var input, var output] => PlaylistCommands.Rewrite(input, output),
    ["xmltv", var path] => await GuideCommands.ReadAsync(path),
    ["write-xmltv", var input, var output] => await GuideCommands.RewriteAsync(input, output),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: m3ustrm-formats m3u FILE [--threads N] [--entries] | write-m3u IN OUT | xmltv FILE | write-xmltv IN OUT");
    return 2;
}

namespace M3uStrm.FormatsCli
{
    internal static class PlaylistOptions
    {
        public static bool TryParse(ReadOnlySpan<string> options, out int threads, out bool entries)
        {
            threads = 1;
            entries = false;
            for (var i = 0; i < options.Length; i++)
            {
                if (options[i] == "--entries")
                {
                    entries = true;
                }
                else if (options[i] == "--threads" && i + 1 < options.Length
                         && int.TryParse(options[i + 1], System.Globalization.CultureInfo.InvariantCulture, out threads) && threads > 0)
                {
                    i++;
                }
                else
                {
                    return false;
                }
            }

            return true;
        }
    }

    internal static class PlaylistCommands
    {
        public static int Read(string path, int threads, bool entries)
        {
            var clock = Stopwatch.StartNew();
            var length = new FileInfo(path).Length;
            var ranges = threads > 1 && length > 8 << 20 ? PlaylistSplit.Ranges(path, threads) : [(0L, length)];
            var counts = new Counts[ranges.Count];
            if (ranges.Count == 1)
            {
                counts[0] = ReadRange(path, ranges[0], first: true, entries);
            }
            else
            {
                Parallel.For(0, ranges.Count, new ParallelOptions { MaxDegreeOfParallelism = threads },
                    i => counts[i] = ReadRange(path, ranges[i], first: i == 0, entries));
            }

            var total = counts.Aggregate(default(Counts), (a, b) => a + b);
            Console.WriteLine($"entries={total.Entries} with_url={total.WithUrl} with_tvg_id={total.WithTvgId} problems={total.Problems} threads={ranges.Count} ms={clock.ElapsedMilliseconds}");
            return 0;
        }

        private static Counts ReadRange(string path, (long Start, long End) range, bool first, bool materialise)
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            file.Position = range.Start;
            var reader = new M3uReader(new FileRange(file, range.End - range.Start));
            var counter = new EntryCounter();
            if (materialise)
            {
                foreach (var entry in reader.ReadEntries())
                {
                    counter.Add(entry);
                }
            }
            else
            {
                reader.ReadRawEntries(ref counter);
            }

            // A later range starts mid-file, so "no #EXTM3U" there is an artefact of the split.
            var problems = reader.Problems.Count(p => first || p.Code != "missing-header");
            return new Counts(counter.Entries, counter.WithUrl, counter.WithTvgId, problems);
        }

        public static int Rewrite(string input, string output)
        {
            var clock = Stopwatch.StartNew();
            using var source = new FileStream(input, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            using var target = new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.None, 1);
            var reader = new M3uReader(source);
            using var writer = new M3uWriter(target, leaveOpen: true, bufferSize: 1 << 20);
            long entries = 0;
            var headerWritten = false;
            foreach (var entry in reader.ReadEntries())
            {
                if (!headerWritten)
                {
                    writer.WriteHeader(reader.Header);
                    headerWritten = true;
                }

                writer.WriteEntry(entry);
                entries++;
            }

            writer.Flush();
            Console.WriteLine($"entries={entries} bytes={target.Length} ms={clock.ElapsedMilliseconds}");
            return 0;
        }
    }

    /// <summary>Counts entries; the same numbers from an <see cref="M3uEntry"/> or from its spans.</summary>
    internal struct EntryCounter : IM3uRawEntryHandler
    {
        public long Entries;
        public long WithUrl;
        public long WithTvgId;

        public void OnEntry(in M3uRawEntry entry)
        {
            Entries++;
            WithTvgId += entry.TvgId.IsEmpty ? 0 : 1;
            WithUrl += entry.HasUrl ? 1 : 0;
        }

        public void Add(M3uEntry entry)
        {
            Entries++;
            WithTvgId += string.IsNullOrEmpty(entry.TvgId) ? 0 : 1;
            WithUrl += entry.Url is null ? 0 : 1;
        }
    }

    internal readonly record struct Counts(long Entries, long WithUrl, long WithTvgId, long Problems)
    {
        public static Counts operator +(Counts a, Counts b) =>
            new(a.Entries + b.Entries, a.WithUrl + b.WithUrl, a.WithTvgId + b.WithTvgId, a.Problems + b.Problems);
    }

    internal static class GuideCommands
    {
        public static async Task<int> ReadAsync(string path)
        {
            var clock = Stopwatch.StartNew();
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            var reader = new XmltvReader(file);
            long channels = 0, programmes = 0, titled = 0;
            await foreach (var item in reader.ReadAsync())
            {
                if (item is XmltvProgramme p)
                {
                    programmes++;
                    if (p.Title is not null)
                    {
                        titled++;
                    }
                }
                else
                {
                    channels++;
                }
            }

            Console.WriteLine($"channels={channels} programmes={programmes} titled={titled} problems={reader.Problems.Count} ms={clock.ElapsedMilliseconds}");
            return 0;
        }

        public static async Task<int> RewriteAsync(string input, string output)
        {
            var clock = Stopwatch.StartNew();
            await using var source = new FileStream(input, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            await using var target = new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            var reader = new XmltvReader(source);
            await using var writer = new XmltvWriter(target, leaveOpen: true);
            var started = false;
            long programmes = 0;
            await foreach (var item in reader.ReadAsync())
            {
                if (!started)
                {
                    await writer.WriteStartAsync(reader.TvAttributes);
                    started = true;
                }

                if (item is XmltvChannel c)
                {
                    await writer.WriteChannelAsync(c);
                }
                else if (item is XmltvProgramme p)
                {
                    await writer.WriteProgrammeAsync(p);
                    programmes++;
                }
            }

            if (!started)
            {
                await writer.WriteStartAsync(reader.TvAttributes);
            }

            await writer.WriteEndAsync();
            Console.WriteLine($"programmes={programmes} ms={clock.ElapsedMilliseconds}");
            return 0;
        }
    }
}
