using System.Text.Json.Serialization;

namespace M3uStrm.Formats.Xtream;

/// <summary>Source-generated (AOT-safe) JSON metadata; the lenient converters apply to every field of their type.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    PropertyNameCaseInsensitive = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters =
    [
        typeof(LenientStringConverter), typeof(LenientInt64Converter), typeof(LenientInt32Converter),
        typeof(LenientDoubleConverter), typeof(LenientBoolConverter), typeof(LenientStringListConverter),
        typeof(LenientIdListConverter),
    ])]
[JsonSerializable(typeof(XtreamAuthResponse))]
[JsonSerializable(typeof(XtreamUserInfo))]
[JsonSerializable(typeof(XtreamCategory))]
[JsonSerializable(typeof(XtreamLiveStream))]
[JsonSerializable(typeof(XtreamVodStream))]
[JsonSerializable(typeof(XtreamSeries))]
[JsonSerializable(typeof(XtreamVodInfo))]
[JsonSerializable(typeof(XtreamSeriesInfo))]
[JsonSerializable(typeof(XtreamShortEpg))]
[JsonSerializable(typeof(List<XtreamCategory>))]
[JsonSerializable(typeof(List<XtreamLiveStream>))]
[JsonSerializable(typeof(List<XtreamVodStream>))]
[JsonSerializable(typeof(List<XtreamSeries>))]
internal sealed partial class XtreamJsonContext : JsonSerializerContext;
