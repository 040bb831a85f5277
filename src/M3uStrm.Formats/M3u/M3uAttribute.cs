namespace M3uStrm.Formats.M3u;

/// <summary>One <c>key="value"</c> pair (EXTINF/EXTM3U attribute) or one <c>key=value</c> option line. Keys are lower-case.</summary>
public readonly record struct M3uAttribute(string Key, string Value);
