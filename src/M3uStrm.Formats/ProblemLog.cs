namespace M3uStrm.Formats;

/// <summary>
/// Collects problems up to a limit so a hostile or badly broken input cannot make the report grow
/// without bound; past the limit only a count is kept.
/// </summary>
internal sealed class ProblemLog(int limit)
{
    private readonly List<FormatProblem> _problems = [];

    public int Suppressed { get; private set; }

    public IReadOnlyList<FormatProblem> Items => _problems;

    public void Add(long line, string code, string message)
    {
        if (_problems.Count < limit)
        {
            _problems.Add(new FormatProblem(line, code, message));
        }
        else
        {
            Suppressed++;
        }
    }

    public IReadOnlyList<FormatProblem> Snapshot()
    {
        if (Suppressed == 0)
        {
            return _problems.ToArray();
        }

        var all = new List<FormatProblem>(_problems)
        {
            new(0, "too-many-problems", $"{Suppressed} further problems were not recorded."),
        };
        return all;
    }
}
