using System.Collections.Frozen;
using System.Text;

namespace M3uStrm.Server.Features.Library;

/// <summary>
/// Unicode canonical composition (NFC) and decomposition (NFD) in managed code. The server runs with
/// <c>InvariantGlobalization</c>, where <see cref="string.Normalize()"/> leaves non-ASCII text unchanged, so a
/// provider's decomposed "Ame&#x301;lie" and a composed "Am&#xE9;lie" would be two different folders (and two
/// different names on macOS/SMB clients). Tables in <c>UnicodeNfc.Data.cs</c> (generated from the Unicode data).
/// </summary>
internal static partial class UnicodeNfc
{
    private const int SBase = 0xAC00, LBase = 0x1100, VBase = 0x1161, TBase = 0x11A7, LCount = 19, VCount = 21, TCount = 28;
    private const int NCount = VCount * TCount, SCount = LCount * NCount;

    private static readonly Lazy<FrozenDictionary<int, int[]>> Decompositions = new(() =>
    {
        var data = DecompositionData;
        var map = new Dictionary<int, int[]>();
        for (var i = 0; i < data.Length;)
        {
            var cp = data[i];
            var length = data[i + 1];
            map[cp] = data.Slice(i + 2, length).ToArray();
            i += 2 + length;
        }

        return map.ToFrozenDictionary();
    });

    private static readonly Lazy<FrozenDictionary<int, int>> Classes = new(() =>
    {
        var data = CombiningClassData;
        var map = new Dictionary<int, int>();
        for (var i = 0; i < data.Length; i += 2)
        {
            map[data[i]] = data[i + 1];
        }

        return map.ToFrozenDictionary();
    });

    private static readonly Lazy<FrozenDictionary<long, int>> Compositions = new(() =>
    {
        var data = CompositionData;
        var map = new Dictionary<long, int>();
        for (var i = 0; i < data.Length; i += 3)
        {
            map[Pair(data[i], data[i + 1])] = data[i + 2];
        }

        return map.ToFrozenDictionary();
    });

    private static long Pair(int first, int second) => ((long)first << 21) | (uint)second;

    private static int ClassOf(int cp) => cp < 0x300 ? 0 : Classes.Value.GetValueOrDefault(cp);

    /// <summary>Canonical decomposition with canonical ordering (NFD). Invalid UTF-16 is dropped.</summary>
    public static string Decompose(string text) =>
        text.All(c => c < 0xC0) ? text : ToString(DecomposeToList(text)); // nothing below U+00C0 decomposes or reorders

    /// <summary>Canonical composition (NFC).</summary>
    public static string Compose(string text)
    {
        if (text.All(c => c < 0x300))
        {
            return text; // nothing below U+0300 decomposes or combines
        }

        var cps = DecomposeToList(text);
        if (cps.Count == 0)
        {
            return "";
        }

        var starter = 0;
        var lastClass = ClassOf(cps[0]) == 0 ? 0 : 256;
        var write = 1;
        for (var read = 1; read < cps.Count; read++)
        {
            var cp = cps[read];
            var cls = ClassOf(cp);
            if ((lastClass < cls || lastClass == 0) && TryCompose(cps[starter], cp, out var composite))
            {
                cps[starter] = composite;
                continue;
            }

            if (cls == 0)
            {
                starter = write;
            }

            lastClass = cls;
            cps[write++] = cp;
        }

        cps.RemoveRange(write, cps.Count - write);
        return ToString(cps);
    }

    private static bool TryCompose(int first, int second, out int composite)
    {
        if (first is >= LBase and < LBase + LCount && second is >= VBase and < VBase + VCount)
        {
            composite = SBase + ((first - LBase) * NCount) + ((second - VBase) * TCount);
            return true;
        }

        if (first is >= SBase and < SBase + SCount && (first - SBase) % TCount == 0 && second is > TBase and < TBase + TCount)
        {
            composite = first + (second - TBase);
            return true;
        }

        return Compositions.Value.TryGetValue(Pair(first, second), out composite);
    }

    private static List<int> DecomposeToList(string text)
    {
        var cps = new List<int>(text.Length + 4);
        for (var i = 0; i < text.Length; i++)
        {
            int cp = text[i];
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                cp = char.ConvertToUtf32(text[i], text[++i]);
            }
            else if (char.IsSurrogate(text[i]))
            {
                continue;
            }

            if (cp >= SBase && cp < SBase + SCount)
            {
                var index = cp - SBase;
                cps.Add(LBase + (index / NCount));
                cps.Add(VBase + (index % NCount / TCount));
                if (index % TCount != 0)
                {
                    cps.Add(TBase + (index % TCount));
                }
            }
            else if (cp >= 0xC0 && Decompositions.Value.TryGetValue(cp, out var parts))
            {
                cps.AddRange(parts);
            }
            else
            {
                cps.Add(cp);
            }
        }

        // Canonical ordering: marks between two starters sorted by combining class (stable).
        for (var i = 1; i < cps.Count; i++)
        {
            var cls = ClassOf(cps[i]);
            if (cls == 0)
            {
                continue;
            }

            var j = i;
            while (j > 0 && ClassOf(cps[j - 1]) > cls)
            {
                (cps[j - 1], cps[j]) = (cps[j], cps[j - 1]);
                j--;
            }
        }

        return cps;
    }

    private static string ToString(List<int> cps)
    {
        var text = new StringBuilder(cps.Count);
        foreach (var cp in cps)
        {
            if (cp < 0x10000)
            {
                text.Append((char)cp);
            }
            else
            {
                text.Append(char.ConvertFromUtf32(cp));
            }
        }

        return text.ToString();
    }
}
