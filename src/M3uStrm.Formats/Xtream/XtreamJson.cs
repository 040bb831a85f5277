using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using M3uStrm.Formats.Text;

namespace M3uStrm.Formats.Xtream;

/// <summary>
/// Reads <c>player_api.php</c> answers leniently. Lists are streamed item by item; an answer that is
/// not a list (servers send <c>{}</c>, an error object or an empty body) yields nothing and is reported.
/// </summary>
public static class XtreamJson
{
    public static async IAsyncEnumerable<T> ReadListAsync<T>(
        Stream stream,
        ICollection<FormatProblem>? problems = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : class
    {
        var info = TypeInfo<T>();
        var head = new byte[256];
        var read = 0;
        int n;
        while (read < head.Length && (n = await stream.ReadAsync(head.AsMemory(read), cancellationToken)) > 0)
        {
            read += n;
            var got = head.AsSpan(0, read);
            if ((got.StartsWith("\xEF\xBB\xBF"u8) ? got[3..] : got).IndexOfAnyExcept(" \t\r\n"u8) >= 0)
            {
                break;
            }
        }

        var span = head.AsSpan(0, read);
        var bomless = span.StartsWith("\xEF\xBB\xBF"u8) ? span[3..] : span;
        var first = bomless.IndexOfAnyExcept(" \t\r\n"u8);
        if (first < 0 || bomless[first] != (byte)'[')
        {
            problems?.Add(new FormatProblem(0, "not-a-list", first < 0 ? "The answer is empty." : "The answer is not a JSON array."));
            yield break;
        }

        var source = new PrefixedStream(bomless.ToArray(), stream);
        var items = JsonSerializer.DeserializeAsyncEnumerable(source, info, cancellationToken);
        var enumerator = items.GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                T? item;
                try
                {
                    if (!await enumerator.MoveNextAsync())
                    {
                        yield break;
                    }

                    item = enumerator.Current;
                }
                catch (JsonException e)
                {
                    problems?.Add(new FormatProblem(e.LineNumber + 1 ?? 0, "bad-json", $"The list stops here: {e.Message}"));
                    yield break;
                }

                if (item is not null)
                {
                    yield return item;
                }
            }
        }
        finally
        {
            await enumerator.DisposeAsync();
        }
    }

    /// <summary>Reads an object answer; null when it is not an object or not valid JSON (reported).</summary>
    public static async Task<T?> ReadObjectAsync<T>(Stream stream, ICollection<FormatProblem>? problems = null, CancellationToken cancellationToken = default)
        where T : class
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(stream, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }, cancellationToken);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                problems?.Add(new FormatProblem(0, "not-an-object", $"Expected a JSON object, got {document.RootElement.ValueKind}."));
                return null;
            }

            return document.RootElement.Deserialize(TypeInfo<T>());
        }
        catch (JsonException e)
        {
            problems?.Add(new FormatProblem(e.LineNumber + 1 ?? 0, "bad-json", e.Message));
            return null;
        }
    }

    public static T? Deserialize<T>(string json)
        where T : class => JsonSerializer.Deserialize(json, TypeInfo<T>());

    public static string Serialize<T>(T value)
        where T : class => JsonSerializer.Serialize(value, TypeInfo<T>());

    private static JsonTypeInfo<T> TypeInfo<T>() =>
        XtreamJsonContext.Default.GetTypeInfo(typeof(T)) as JsonTypeInfo<T>
        ?? throw new NotSupportedException($"{typeof(T).Name} is not an Xtream DTO.");
}
