namespace M3uStrm.Formats;

/// <summary>A problem found while reading input: where it is and what is wrong. Readers collect these instead of throwing.</summary>
public sealed record FormatProblem(long Line, string Code, string Message);
