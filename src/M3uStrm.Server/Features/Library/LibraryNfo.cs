using System.Globalization;
using System.Text;
using System.Xml;

namespace M3uStrm.Server.Features.Library;

/// <summary>What an NFO file says about a movie, a show or an episode (fields left null are not written).</summary>
public sealed record NfoInfo(
    string Title,
    int? Year = null,
    string? Plot = null,
    string? Genre = null,
    double? Rating = null,
    int? RuntimeMinutes = null,
    string? Poster = null,
    string? Fanart = null,
    string? TmdbId = null,
    string? ImdbId = null,
    string? ShowTitle = null,
    int? Season = null,
    int? Episode = null);

/// <summary>
/// Kodi/Jellyfin NFO files (<c>movie</c>, <c>tvshow</c>, <c>episodedetails</c>), written with <see cref="XmlWriter"/>
/// so every title and plot is escaped. Deterministic: the same item gives the same bytes (the build compares hashes).
/// </summary>
public static class LibraryNfo
{
    /// <summary>
    /// Bump whenever the bytes written for the same <see cref="NfoInfo"/> (or the STRM line for the same URL) change:
    /// builds skip rendering files whose inputs and version are unchanged, so without a bump existing files would
    /// keep the old format. A test pins the output of each kind to this number.
    /// </summary>
    public const int FormatVersion = 1;

    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(false),
        Indent = true,
        IndentChars = "  ",
        NewLineChars = "\n",
        CheckCharacters = false,
    };

    public static byte[] Movie(NfoInfo info) => Write("movie", info);

    public static byte[] Show(NfoInfo info) => Write("tvshow", info);

    public static byte[] Episode(NfoInfo info) => Write("episodedetails", info);

    private static byte[] Write(string root, NfoInfo info)
    {
        using var stream = new MemoryStream();
        using (var xml = XmlWriter.Create(stream, Settings))
        {
            xml.WriteStartDocument(standalone: true);
            xml.WriteStartElement(root);
            Element(xml, "title", info.Title);
            if (info.ShowTitle is not null)
            {
                Element(xml, "showtitle", info.ShowTitle);
            }

            if (info.Season is { } season)
            {
                Element(xml, "season", season.ToString(CultureInfo.InvariantCulture));
            }

            if (info.Episode is { } episode)
            {
                Element(xml, "episode", episode.ToString(CultureInfo.InvariantCulture));
            }

            if (info.Year is { } year)
            {
                Element(xml, "year", year.ToString(CultureInfo.InvariantCulture));
            }

            Element(xml, "plot", info.Plot);
            if (info.Rating is { } rating and > 0)
            {
                Element(xml, "rating", rating.ToString("0.0#", CultureInfo.InvariantCulture));
            }

            if (info.RuntimeMinutes is { } runtime and > 0)
            {
                Element(xml, "runtime", runtime.ToString(CultureInfo.InvariantCulture));
            }

            Element(xml, "genre", info.Genre);
            if (!string.IsNullOrWhiteSpace(info.Poster))
            {
                xml.WriteStartElement("thumb");
                xml.WriteAttributeString("aspect", "poster");
                xml.WriteString(Clean(info.Poster));
                xml.WriteEndElement();
            }

            if (!string.IsNullOrWhiteSpace(info.Fanart))
            {
                xml.WriteStartElement("fanart");
                Element(xml, "thumb", info.Fanart);
                xml.WriteEndElement();
            }

            var isDefault = true;
            foreach (var (type, value) in new[] { ("tmdb", info.TmdbId), ("imdb", info.ImdbId) })
            {
                if (string.IsNullOrWhiteSpace(value))
                {
                    continue;
                }

                xml.WriteStartElement("uniqueid");
                xml.WriteAttributeString("type", type);
                if (isDefault)
                {
                    xml.WriteAttributeString("default", "true");
                    isDefault = false;
                }

                xml.WriteString(Clean(value));
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    private static void Element(XmlWriter xml, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            xml.WriteElementString(name, Clean(value));
        }
    }

    /// <summary>Drops characters XML 1.0 cannot carry (control characters in provider text would make the file unreadable).</summary>
    private static string Clean(string value)
    {
        var text = value.Trim();
        if (text.All(XmlConvert.IsXmlChar))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (XmlConvert.IsXmlChar(text[i]))
            {
                result.Append(text[i]);
            }
            else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                result.Append(text[i]).Append(text[++i]);
            }
        }

        return result.ToString();
    }
}
