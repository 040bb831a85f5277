using System.Xml;

namespace M3uStrm.Formats.Xmltv;

/// <summary>Element and attribute names atomized in the reader's name table, so matching is a reference comparison.</summary>
internal sealed class XmltvNames(XmlNameTable table)
{
    public string Tv { get; } = table.Add("tv");
    public string Channel { get; } = table.Add("channel");
    public string Programme { get; } = table.Add("programme");
    public string DisplayName { get; } = table.Add("display-name");
    public string Icon { get; } = table.Add("icon");
    public string Url { get; } = table.Add("url");
    public string Title { get; } = table.Add("title");
    public string SubTitle { get; } = table.Add("sub-title");
    public string Desc { get; } = table.Add("desc");
    public string Date { get; } = table.Add("date");
    public string Category { get; } = table.Add("category");
    public string EpisodeNum { get; } = table.Add("episode-num");
    public string PreviouslyShown { get; } = table.Add("previously-shown");
    public string New { get; } = table.Add("new");
    public string Rating { get; } = table.Add("rating");
    public string Value { get; } = table.Add("value");

    // Attributes.
    public string Id { get; } = table.Add("id");
    public string Lang { get; } = table.Add("lang");
    public string Start { get; } = table.Add("start");
    public string Stop { get; } = table.Add("stop");
    public string System { get; } = table.Add("system");
    public string Src { get; } = table.Add("src");
    public string Width { get; } = table.Add("width");
    public string Height { get; } = table.Add("height");
}
