using M3uStrm.Server.Features.Playback;

namespace M3uStrm.Server.Tests.Playback;

public sealed class TsAlignerTests
{
    private static byte[] Packets(int count, byte fill = 1)
    {
        var data = new byte[count * 188];
        Array.Fill(data, fill);
        for (var i = 0; i < data.Length; i += 188)
        {
            data[i] = 0x47;
        }

        return data;
    }

    [Fact]
    public void Whole_packets_pass_through_and_partial_ones_wait_for_the_rest()
    {
        var aligner = new TsAligner();
        var input = Packets(10);
        var first = aligner.Push(input.AsSpan(0, 500));
        var second = aligner.Push(input.AsSpan(500));
        // 500 bytes hold two whole packets; the 124 bytes of the third wait for the rest.
        Assert.Equal(376, first.Length);
        Assert.Equal(input.Length - 376, second.Length);
        Assert.Equal(input, first.Concat(second));
    }

    [Fact]
    public void Garbage_before_and_between_packets_is_skipped()
    {
        var aligner = new TsAligner();
        var garbage = new byte[] { 1, 2, 3, 0x47, 5 };
        var output = aligner.Push([.. garbage, .. Packets(3), .. garbage, .. Packets(3)]);
        Assert.Equal(188 * 6, output.Length);
        Assert.True(aligner.SkippedBytes >= garbage.Length * 2);
        for (var i = 0; i < output.Length; i += 188)
        {
            Assert.Equal(0x47, output[i]);
        }
    }

    [Fact]
    public void A_stream_without_sync_is_reported()
    {
        var aligner = new TsAligner();
        var html = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("<html><body>not video</body></html>", 2000)));
        Assert.Throws<TsSyncLostException>(() => aligner.Push(html));
    }
}

public sealed class HlsPlaylistTests
{
    [Fact]
    public void A_master_playlist_lists_its_variants_with_bandwidth()
    {
        var playlist = HlsPlaylist.Parse(
            "#EXTM3U\n#EXT-X-STREAM-INF:AVERAGE-BANDWIDTH=100,BANDWIDTH=800000,RESOLUTION=640x360\nlow/index.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=2500000\nhttp://cdn.example/high.m3u8\n",
            new Uri("http://provider.example/live/channel/master.m3u8?token=abc"));
        Assert.True(playlist.IsMaster);
        Assert.Equal([800000L, 2500000L], playlist.Variants.Select(v => v.Bandwidth));
        Assert.Equal("http://provider.example/live/channel/low/index.m3u8", playlist.Variants[0].Uri.ToString());
    }

    [Fact]
    public void A_media_playlist_numbers_its_segments_and_every_uri_is_rewritten()
    {
        var text = "#EXTM3U\r\n#EXT-X-TARGETDURATION:4\r\n#EXT-X-MEDIA-SEQUENCE:120\r\n#EXT-X-MAP:URI=\"init.mp4\"\r\n#EXTINF:4.0,\r\nseg120.ts?x=1\r\n#EXTINF:4.0,\r\n/abs/seg121.ts\r\n";
        var playlist = HlsPlaylist.Parse(text, new Uri("http://provider.example/hls/chan.m3u8"));
        Assert.False(playlist.IsMaster);
        Assert.False(playlist.EndList);
        Assert.Equal(4, playlist.TargetDuration);
        Assert.Equal([120L, 121L], playlist.Segments.Select(s => s.Sequence));
        Assert.Equal("http://provider.example/hls/seg120.ts?x=1", playlist.Segments[0].Uri.ToString());

        var rewritten = playlist.Rewrite((uri, isPlaylist) => $"/proxied/{uri.AbsolutePath.TrimStart('/')}");
        Assert.DoesNotContain("provider.example", rewritten, StringComparison.Ordinal);
        Assert.Contains("#EXT-X-MAP:URI=\"/proxied/hls/init.mp4\"", rewritten, StringComparison.Ordinal);
        Assert.Contains("/proxied/abs/seg121.ts\n", rewritten, StringComparison.Ordinal);
        Assert.Contains("#EXT-X-MEDIA-SEQUENCE:120\n", rewritten, StringComparison.Ordinal);
    }
}
