namespace M3uStrm.Formats.Text;

/// <summary>
/// Streams whose reads and writes never wait on the network: files and memory. Readers and writers use
/// synchronous I/O on them (the async APIs of XmlReader/XmlWriter and of a non-async FileStream cost a state
/// machine per node or a thread-pool hop per call) and asynchronous I/O on everything else (HTTP bodies).
/// </summary>
internal static class LocalStreams
{
    public static bool IsLocal(Stream stream) => stream is FileStream or MemoryStream or UnmanagedMemoryStream;
}
