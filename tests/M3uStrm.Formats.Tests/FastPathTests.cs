using System.Globalization;
using System.Text;
using M3uStrm.Formats.M3u;
using M3uStrm.Formats.Xmltv;

namespace M3uStrm.Formats.Tests;

/// <summary>
/// The fast paths give the same results as the general ones: the span-based M3U reader and the
/// <see cref="M3uEntry"/> reader, the synchronous XMLTV reader/writer (files, memory) and the async one
/// (any other stream, such as an HTTP body).
/// </summary>
public sealed class FastPathTests
{
    public static TheoryData<string> Playlists() => M3uTestInput.PlaylistFixtureData();

    public static TheoryData<string> Guides() => XmltvFixtureTests.Guides();

    [Theory]
    [MemberData(nameof(Playlists))]
    public void Raw_entries_are_the_entries_read_as_spans(string path)
    {
        var bytes = File.ReadAllBytes(Fixtures.PathOf(path));
        var expected = new M3uReader(new MemoryStream(bytes));
        var entries = expected.ReadEntries().ToList();

        var reader = new M3uReader(new MemoryStream(bytes));
        var handler = new CollectingHandler();
        reader.ReadRawEntries(ref handler);

        Assert.Equal(entries.Count, handler.Entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            M3uAssert.SameContent(entries[i], handler.Entries[i]);
            Assert.Equal(entries[i].Line, handler.Entries[i].Line);
            Assert.Equal(entries[i].Title, handler.Titles[i]);
            Assert.Equal(entries[i].Url, handler.Urls[i]);
            if (entries[i].TvgId is { } id && !id.Contains('"', StringComparison.Ordinal))
            {
                Assert.Equal(id, handler.TvgIds[i]);
            }
        }

        Assert.Equal(expected.EntryCount, reader.EntryCount);
        Assert.Equal(expected.Problems, reader.Problems);
        Assert.Equal(expected.Header.Attributes, reader.Header.Attributes);
        Assert.Equal(expected.IsHlsMediaPlaylist, reader.IsHlsMediaPlaylist);
    }

    [Fact]
    public void Raw_attribute_lookup_ignores_case_and_keeps_file_order()
    {
        var reader = new M3uReader(new MemoryStream("#EXTM3U\n#EXTINF:-1 TVG-ID=\"a.b\" group-title='G \"x\"',Name\nhttp://h/1\n"u8.ToArray()));
        var handler = new CollectingHandler();
        reader.ReadRawEntries(ref handler);

        var entry = Assert.Single(handler.Entries);
        Assert.Equal("a.b", entry.TvgId);
        Assert.Equal("a.b", handler.TvgIds[0]);
        Assert.Equal(["tvg-id", "group-title"], entry.Attributes.Select(a => a.Key));
        Assert.Equal(["TVG-ID", "group-title"], handler.Keys[0]);
    }

    [Theory]
    [InlineData(1024, 4096)]
    [InlineData(256 * 1024, 1024 * 1024)]
    public void Invalid_utf8_is_reported_on_exactly_its_lines(int maxLineLength, int bufferSize)
    {
        // Many valid lines (some non-ASCII) around a few invalid ones, so checks span several buffer fills.
        var invalid = new HashSet<long>();
        using var bytes = new MemoryStream();
        bytes.Write("#EXTM3U\n"u8);
        long line = 1;
        for (var i = 0; i < 3000; i++)
        {
            var bad = i is 700 or 701 or 1999 or 2999;
            bytes.Write(Encoding.UTF8.GetBytes($"#EXTINF:-1 tvg-id=\"c{i}\" group-title=\"Türkiye\",Kanal {i} "));
            if (bad)
            {
                bytes.Write([0xC3, 0x28]);
                invalid.Add(line + 1);
            }

            bytes.Write(Encoding.UTF8.GetBytes($"\nhttp://h/{i}.ts\n"));
            line += 2;
        }

        var reader = new M3uReader(new MemoryStream(bytes.ToArray()), new M3uReaderOptions { MaxLineLength = maxLineLength, BufferSize = bufferSize });
        var handler = new CollectingHandler();
        reader.ReadRawEntries(ref handler);

        Assert.Equal(3000, handler.Entries.Count);
        Assert.Equal(invalid.Order(), reader.Problems.Where(p => p.Code == "invalid-utf8").Select(p => p.Line).Order());
    }

    [Theory]
    [MemberData(nameof(Guides))]
    public async Task Guide_reads_the_same_through_the_async_path(string path)
    {
        var bytes = await File.ReadAllBytesAsync(Fixtures.PathOf(path));
        var local = await XmltvReader.ReadAllAsync(new MemoryStream(bytes));
        var remote = await XmltvReader.ReadAllAsync(new NetworkLikeStream(new MemoryStream(bytes)));

        Assert.Equal(local.Problems, remote.Problems);
        Assert.Equal(local.TvAttributes, remote.TvAttributes);
        Assert.Equal(local.Channels.Count, remote.Channels.Count);
        Assert.Equal(local.Programmes.Count, remote.Programmes.Count);
        Assert.Equal(local.Programmes.Select(p => (p.Line, p.StopInferred)), remote.Programmes.Select(p => (p.Line, p.StopInferred)));
        Assert.Equal(await XmltvFixtureTests.Write(local), await XmltvFixtureTests.Write(remote));
    }

    [Theory]
    [MemberData(nameof(Guides))]
    public async Task Writer_output_is_the_same_for_local_and_other_streams(string path)
    {
        var guide = await XmltvFixtureTests.Read(path);
        var local = await XmltvFixtureTests.Write(guide);

        using var memory = new MemoryStream();
        await XmltvWriter.WriteAsync(new NetworkLikeStream(memory), guide.Channels, guide.Programmes.ToAsyncEnumerable(), guide.TvAttributes);

        Assert.Equal(local, memory.ToArray());
    }

    [Fact]
    public async Task Disposing_an_unfinished_writer_closes_the_document()
    {
        using var memory = new MemoryStream();
        await using (var writer = new XmltvWriter(new NetworkLikeStream(memory)))
        {
            await writer.WriteStartAsync();
            await writer.WriteProgrammeAsync(new XmltvProgramme { Channel = "a", Start = new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero) });
        }

        var guide = await XmltvReader.ReadAllAsync(new MemoryStream(memory.ToArray()));
        Assert.Single(guide.Programmes);
        Assert.DoesNotContain(guide.Problems, p => p.Code == "not-well-formed");
    }

    [Theory]
    [InlineData(2024, 5, 1, 20, 30, 5, 0, 0)]
    [InlineData(2024, 12, 31, 23, 59, 59, -4, -30)]
    [InlineData(999, 1, 2, 3, 4, 5, 14, 0)]
    [InlineData(9999, 12, 31, 0, 0, 0, -12, 0)]
    public void Time_format_is_yyyyMMddHHmmss_and_offset(int year, int month, int day, int hour, int minute, int second, int offsetHours, int offsetMinutes)
    {
        var value = new DateTimeOffset(year, month, day, hour, minute, second, new TimeSpan(offsetHours, offsetMinutes, 0));
        var abs = value.Offset.Duration();
        var expected = string.Create(CultureInfo.InvariantCulture,
            $"{value:yyyyMMddHHmmss} {(value.Offset < TimeSpan.Zero ? '-' : '+')}{abs.Hours:00}{abs.Minutes:00}");

        Assert.Equal(expected, XmltvTime.Format(value));
        Assert.True(XmltvTime.TryParse(XmltvTime.Format(value), out var back));
        Assert.Equal(value, back);
    }

    private sealed class CollectingHandler : IM3uRawEntryHandler
    {
        public List<M3uEntry> Entries { get; } = [];
        public List<string> Titles { get; } = [];
        public List<string?> Urls { get; } = [];
        public List<string?> TvgIds { get; } = [];
        public List<string[]> Keys { get; } = [];

        public void OnEntry(in M3uRawEntry entry)
        {
            Entries.Add(entry.ToEntry());
            Titles.Add(Encoding.UTF8.GetString(entry.Title));
            Urls.Add(entry.HasUrl ? Encoding.UTF8.GetString(entry.Url) : null);
            TvgIds.Add(entry.TryGetAttribute("tvg-id"u8, out var id) ? Encoding.UTF8.GetString(id) : null);
            var keys = new string[entry.AttributeCount];
            for (var i = 0; i < keys.Length; i++)
            {
                entry.GetAttribute(i, out var key, out _);
                keys[i] = Encoding.UTF8.GetString(key);
            }

            Keys.Add(keys);
        }
    }

    /// <summary>Hides the inner stream's type, as an HTTP body would, so readers and writers take their async paths.</summary>
    private sealed class NetworkLikeStream(Stream inner) : Stream
    {
        public override bool CanRead => inner.CanRead;
        public override bool CanSeek => false;
        public override bool CanWrite => inner.CanWrite;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("synchronous read");

        public override void Write(byte[] buffer, int offset, int count) => throw new InvalidOperationException("synchronous write");

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            return await inner.ReadAsync(buffer[..Math.Min(buffer.Length, 1000)], cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
