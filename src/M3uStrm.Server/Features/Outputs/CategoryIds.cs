using System.Security.Cryptography;
using System.Text;

namespace M3uStrm.Server.Features.Outputs;

/// <summary>What an Xtream category groups: the three lists of <c>player_api.php</c> have separate categories.</summary>
internal enum CatalogKind
{
    Live,
    Vod,
    Series,
}

/// <summary>
/// Numeric Xtream category ids for our group titles (we have no category table). An id is a 31-bit hash of the
/// kind and the title, so it is the same in every answer, after a restart and on every node; two titles of one
/// kind whose hashes collide are told apart by probing in ordinal order of the titles, which only moves an id
/// when a colliding title appears or goes. Groups without a title get "Uncategorized".
/// </summary>
internal sealed class CategoryIds
{
    public const string Uncategorized = "Uncategorized";

    private readonly Dictionary<string, int> idByTitle;
    private readonly Dictionary<int, string> titleById;

    /// <param name="titles">Group titles in the order categories are listed; null or empty means ungrouped.</param>
    public CategoryIds(CatalogKind kind, IEnumerable<string?> titles)
    {
        Ordered = titles.Select(Key).Distinct(StringComparer.Ordinal).ToList();
        idByTitle = new Dictionary<string, int>(Ordered.Count, StringComparer.Ordinal);
        titleById = new Dictionary<int, string>(Ordered.Count);
        foreach (var title in Ordered.Order(StringComparer.Ordinal))
        {
            var id = Hash(kind, title);
            while (titleById.ContainsKey(id))
            {
                id = id == int.MaxValue ? 1 : id + 1;
            }

            idByTitle[title] = id;
            titleById[id] = title;
        }
    }

    /// <summary>Group titles ("" for ungrouped) in listing order.</summary>
    public IReadOnlyList<string> Ordered { get; }

    public int IdOf(string? title) => idByTitle[Key(title)];

    /// <summary>The stored group title of a category id: "" for the ungrouped, null when no such category.</summary>
    public string? TitleOf(int id) => titleById.GetValueOrDefault(id);

    public static string Name(string title) => title.Length == 0 ? Uncategorized : title;

    private static string Key(string? title) => string.IsNullOrEmpty(title) ? "" : title;

    private static int Hash(CatalogKind kind, string title)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{kind}\n{title}"), digest);
        var id = (int)(BitConverter.ToUInt32(digest) & 0x7FFF_FFFF);
        return id == 0 ? 1 : id;
    }
}
