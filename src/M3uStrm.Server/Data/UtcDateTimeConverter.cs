using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace M3uStrm.Server.Data;

/// <summary>Stores DateTime as UTC and marks values read back as UTC (SQLite keeps no kind; Npgsql insists on it).</summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
