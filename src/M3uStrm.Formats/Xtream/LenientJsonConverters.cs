using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace M3uStrm.Formats.Xtream;

// Xtream servers send numbers as strings, "" / "0" / null for missing, arrays where objects are
// expected when empty, and booleans as 0/1. These converters accept any JSON token and fall back to
// null instead of throwing, so one odd field never fails a whole list.

internal static class LenientJson
{
    public static bool TryReadText(ref Utf8JsonReader reader, out string? text)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                text = reader.GetString();
                return true;
            case JsonTokenType.Number:
                text = reader.HasValueSequence
                    ? System.Text.Encoding.UTF8.GetString(reader.ValueSequence.ToArray())
                    : System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
                return true;
            case JsonTokenType.True:
                text = "true";
                return true;
            case JsonTokenType.False:
                text = "false";
                return true;
            case JsonTokenType.StartArray or JsonTokenType.StartObject:
                reader.Skip();
                text = null;
                return false;
            default:
                text = null;
                return false;
        }
    }
}

internal sealed class LenientStringConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        LenientJson.TryReadText(ref reader, out var text) ? text : null;

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }
}

internal sealed class LenientInt64Converter : JsonConverter<long?>
{
    public override bool HandleNull => true;

    public override long? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetInt64(out var n))
            {
                return n;
            }

            return reader.TryGetDouble(out var d) && d is >= long.MinValue and <= long.MaxValue ? (long)d : null;
        }

        if (!LenientJson.TryReadText(ref reader, out var text) || string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var dd) && dd is >= long.MinValue and <= long.MaxValue)
        {
            return (long)dd;
        }

        return text switch
        {
            "true" => 1,
            "false" => 0,
            _ => null,
        };
    }

    public override void Write(Utf8JsonWriter writer, long? value, JsonSerializerOptions options)
    {
        if (value is { } v)
        {
            writer.WriteNumberValue(v);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

internal sealed class LenientInt32Converter : JsonConverter<int?>
{
    private static readonly LenientInt64Converter Wide = new();

    public override bool HandleNull => true;

    public override int? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Wide.Read(ref reader, typeof(long?), options) is { } v && v is >= int.MinValue and <= int.MaxValue ? (int)v : null;

    public override void Write(Utf8JsonWriter writer, int? value, JsonSerializerOptions options)
    {
        if (value is { } v)
        {
            writer.WriteNumberValue(v);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

internal sealed class LenientDoubleConverter : JsonConverter<double?>
{
    public override bool HandleNull => true;

    public override double? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.TryGetDouble(out var d) ? d : null;
        }

        return LenientJson.TryReadText(ref reader, out var text)
            && double.TryParse(text?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
            && double.IsFinite(parsed)
                ? parsed
                : null;
    }

    public override void Write(Utf8JsonWriter writer, double? value, JsonSerializerOptions options)
    {
        if (value is { } v)
        {
            writer.WriteNumberValue(v);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

internal sealed class LenientBoolConverter : JsonConverter<bool?>
{
    public override bool HandleNull => true;

    public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            case JsonTokenType.Number:
                return reader.TryGetDouble(out var d) ? d != 0 : null;
        }

        if (!LenientJson.TryReadText(ref reader, out var text) || string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return text.Trim().ToLowerInvariant() switch
        {
            "1" or "true" or "yes" => true,
            "0" or "false" or "no" => false,
            _ => null,
        };
    }

    public override void Write(Utf8JsonWriter writer, bool? value, JsonSerializerOptions options)
    {
        if (value is { } v)
        {
            writer.WriteBooleanValue(v);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>A list of strings that may arrive as an array, a single string, or null.</summary>
internal sealed class LenientStringListConverter : JsonConverter<IReadOnlyList<string>>
{
    public override bool HandleNull => true;

    public override IReadOnlyList<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            var list = new List<string>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (LenientJson.TryReadText(ref reader, out var text) && !string.IsNullOrEmpty(text))
                {
                    list.Add(text);
                }
            }

            return list;
        }

        return LenientJson.TryReadText(ref reader, out var single) && !string.IsNullOrEmpty(single) ? [single] : [];
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var s in value)
        {
            writer.WriteStringValue(s);
        }

        writer.WriteEndArray();
    }
}

/// <summary>A list of ids that may arrive as numbers or strings.</summary>
internal sealed class LenientIdListConverter : JsonConverter<IReadOnlyList<long>>
{
    private static readonly LenientInt64Converter Item = new();

    public override bool HandleNull => true;

    public override IReadOnlyList<long> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return Item.Read(ref reader, typeof(long?), options) is { } one ? [one] : [];
        }

        var list = new List<long>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (Item.Read(ref reader, typeof(long?), options) is { } id)
            {
                list.Add(id);
            }
        }

        return list;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<long> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var id in value)
        {
            writer.WriteNumberValue(id);
        }

        writer.WriteEndArray();
    }
}

/// <summary>An object that servers replace with <c>[]</c> (or a string) when it is empty: anything but an object reads as null.</summary>
internal sealed class ObjectOrEmptyConverter<T> : JsonConverter<T?>
    where T : class
{
    public override bool HandleNull => true;

    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        return JsonSerializer.Deserialize(ref reader, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)options.GetTypeInfo(typeof(T)));
    }

    public override void Write(Utf8JsonWriter writer, T? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            JsonSerializer.Serialize(writer, value, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)options.GetTypeInfo(typeof(T)));
        }
    }
}

/// <summary>
/// <c>episodes</c> of get_series_info: normally an object keyed by season-number strings; some
/// servers send an array of per-season arrays, or <c>[]</c> when there are none.
/// </summary>
internal sealed class XtreamEpisodesConverter : JsonConverter<IReadOnlyDictionary<string, IReadOnlyList<XtreamEpisode>>>
{
    public override bool HandleNull => true;

    public override IReadOnlyDictionary<string, IReadOnlyList<XtreamEpisode>> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var result = new Dictionary<string, IReadOnlyList<XtreamEpisode>>(StringComparer.Ordinal);
        var episodeInfo = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<XtreamEpisode>)options.GetTypeInfo(typeof(XtreamEpisode));
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var season = reader.GetString()!;
                reader.Read();
                result[season] = ReadEpisodes(ref reader, episodeInfo);
            }
        }
        else if (reader.TokenType == JsonTokenType.StartArray)
        {
            var index = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                index++;
                var episodes = ReadEpisodes(ref reader, episodeInfo);
                if (episodes.Count > 0)
                {
                    var season = episodes[0].Season?.ToString(CultureInfo.InvariantCulture) ?? index.ToString(CultureInfo.InvariantCulture);
                    result[season] = episodes;
                }
            }
        }
        else
        {
            reader.Skip();
        }

        return result;
    }

    private static List<XtreamEpisode> ReadEpisodes(ref Utf8JsonReader reader, System.Text.Json.Serialization.Metadata.JsonTypeInfo<XtreamEpisode> info)
    {
        var list = new List<XtreamEpisode>();
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            // A season sent as an object keyed by episode index.
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject && JsonSerializer.Deserialize(ref reader, info) is { } e)
                {
                    list.Add(e);
                }
                else
                {
                    reader.Skip();
                }
            }

            return list;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return list;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.StartObject && JsonSerializer.Deserialize(ref reader, info) is { } e)
            {
                list.Add(e);
            }
            else
            {
                reader.Skip();
            }
        }

        return list;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, IReadOnlyList<XtreamEpisode>> value, JsonSerializerOptions options)
    {
        var info = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<XtreamEpisode>)options.GetTypeInfo(typeof(XtreamEpisode));
        writer.WriteStartObject();
        foreach (var (season, episodes) in value)
        {
            writer.WritePropertyName(season);
            writer.WriteStartArray();
            foreach (var e in episodes)
            {
                JsonSerializer.Serialize(writer, e, info);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }
}

internal static class Base64Text
{
    /// <summary>EPG titles and descriptions are base64 in get_short_epg; returns the input when it is not base64.</summary>
    public static string? Decode(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return value;
        }

        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(value.Length)];
        return Convert.TryFromBase64String(value, bytes, out var written)
            ? System.Text.Encoding.UTF8.GetString(bytes, 0, written)
            : value;
    }
}
