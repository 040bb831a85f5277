namespace M3uStrm.Formats.Xmltv;

/// <summary>
/// XMLTV times: <c>YYYYMMDDhhmmss ±hhmm</c>, with seconds/minutes/hours optional and the offset
/// optional (then UTC, as the DTD says). Also accepts <c>±hh:mm</c> and <c>Z</c>.
/// </summary>
public static class XmltvTime
{
    public static bool TryParse(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        text = text.Trim();
        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        if (digits < 8 || digits > 14 || digits % 2 != 0)
        {
            return false;
        }

        var year = Number(text, 0, 4);
        var month = Number(text, 4, 2);
        var day = Number(text, 6, 2);
        var hour = digits >= 10 ? Number(text, 8, 2) : 0;
        var minute = digits >= 12 ? Number(text, 10, 2) : 0;
        var second = digits >= 14 ? Number(text, 12, 2) : 0;

        var rest = text[digits..].Trim();
        var offset = TimeSpan.Zero;
        if (!rest.IsEmpty && Abbreviation(rest) is { } named)
        {
            offset = named;
        }
        else if (!rest.IsEmpty && !(rest.Length == 1 && (rest[0] == 'Z' || rest[0] == 'z')))
        {
            if (rest[0] is not ('+' or '-'))
            {
                return false;
            }

            var sign = rest[0] == '-' ? -1 : 1;
            var tz = rest[1..];
            int oh, om;
            if (tz.Length == 4 && IsDigits(tz))
            {
                oh = Number(tz, 0, 2);
                om = Number(tz, 2, 2);
            }
            else if (tz.Length == 5 && tz[2] == ':' && IsDigits(tz[..2]) && IsDigits(tz[3..]))
            {
                oh = Number(tz, 0, 2);
                om = Number(tz, 3, 2);
            }
            else if (tz.Length == 2 && IsDigits(tz))
            {
                oh = Number(tz, 0, 2);
                om = 0;
            }
            else
            {
                return false;
            }

            if (oh > 14 || om > 59)
            {
                return false;
            }

            offset = TimeSpan.FromMinutes(sign * ((oh * 60) + om));
        }

        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Clamp(year, 1, 9999), month) || hour > 23 || minute > 59 || second > 59 || year < 1)
        {
            return false;
        }

        value = new DateTimeOffset(year, month, day, hour, minute, second, offset);
        return true;
    }

    // Old grabbers wrote zone names ("BST"); these are the ones seen in the wild.
    private static TimeSpan? Abbreviation(ReadOnlySpan<char> zone) => zone.ToString().ToUpperInvariant() switch
    {
        "UTC" or "GMT" or "UT" => TimeSpan.Zero,
        "BST" or "CET" or "WEST" or "IST" => TimeSpan.FromHours(1),
        "CEST" or "EET" => TimeSpan.FromHours(2),
        "EEST" or "MSK" => TimeSpan.FromHours(3),
        "EST" => TimeSpan.FromHours(-5),
        "EDT" or "CST" => TimeSpan.FromHours(zone.Equals("CST", StringComparison.OrdinalIgnoreCase) ? -6 : -4),
        "CDT" => TimeSpan.FromHours(-5),
        "MST" => TimeSpan.FromHours(-7),
        "MDT" => TimeSpan.FromHours(-6),
        "PST" => TimeSpan.FromHours(-8),
        "PDT" => TimeSpan.FromHours(-7),
        _ => null,
    };

    public static string Format(DateTimeOffset value) =>
        // "yyyyMMddHHmmss ±hhmm" written digit by digit: a custom format string is parsed on every call.
        string.Create(20, value, static (text, v) =>
        {
            var clock = v.DateTime;
            Digits(text[..4], clock.Year);
            Digits(text[4..6], clock.Month);
            Digits(text[6..8], clock.Day);
            Digits(text[8..10], clock.Hour);
            Digits(text[10..12], clock.Minute);
            Digits(text[12..14], clock.Second);
            text[14] = ' ';
            text[15] = v.Offset < TimeSpan.Zero ? '-' : '+';
            var abs = v.Offset.Duration();
            Digits(text[16..18], abs.Hours);
            Digits(text[18..20], abs.Minutes);
        });

    private static void Digits(Span<char> into, int value)
    {
        for (var i = into.Length - 1; i >= 0; i--)
        {
            into[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }

    private static bool IsDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static int Number(ReadOnlySpan<char> s, int start, int length)
    {
        var n = 0;
        for (var i = start; i < start + length; i++)
        {
            n = (n * 10) + (s[i] - '0');
        }

        return n;
    }
}
