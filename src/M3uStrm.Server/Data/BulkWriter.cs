using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace M3uStrm.Server.Data;

/// <summary>
/// Set-based inserts for the sync's big batches (100k rows): binary COPY on PostgreSQL, one prepared
/// statement reused inside the transaction on SQLite. Column names, conversions and the table come from the
/// EF model, so the rows land exactly as EF would write them. Measured: EF's change tracking made a 100k-stream
/// first sync several times slower than this (bench/sync).
/// </summary>
public sealed class BulkWriter(AppDbContext db)
{
    /// <summary>Inserts <paramref name="rows"/>; with <paramref name="withKeys"/> their ids are written as they are.</summary>
    public async Task InsertAsync<T>(IEnumerable<T> rows, bool withKeys, CancellationToken cancellationToken) where T : class
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties()
            .Where(p => withKeys || !p.IsPrimaryKey())
            .Select(p => (Name: p.GetColumnName(table)!, Getter: p.GetGetter(), Converter: p.GetTypeMapping().Converter))
            .ToList();
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var columnList = string.Join(", ", columns.Select(c => $"\"{c.Name}\""));
        if (connection is NpgsqlConnection npgsql)
        {
            await using var importer = await npgsql.BeginBinaryImportAsync(
                $"COPY \"{table.Name}\" ({columnList}) FROM STDIN (FORMAT BINARY)", cancellationToken);
            foreach (var row in rows)
            {
                await importer.StartRowAsync(cancellationToken);
                foreach (var column in columns)
                {
                    var value = Value(column.Getter, column.Converter, row);
                    if (value is null)
                    {
                        await importer.WriteNullAsync(cancellationToken);
                    }
                    else
                    {
                        await importer.WriteAsync(value, cancellationToken);
                    }
                }
            }

            await importer.CompleteAsync(cancellationToken);
            return;
        }

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO \"{table.Name}\" ({columnList}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
        var parameters = columns.Select((_, i) =>
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "$p" + i;
            command.Parameters.Add(parameter);
            return parameter;
        }).ToList();
        await command.PrepareAsync(cancellationToken);
        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                parameters[i].Value = Value(columns[i].Getter, columns[i].Converter, row) ?? DBNull.Value;
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Reserves <paramref name="count"/> unique ids for <typeparamref name="T"/> so rows can be inserted with known keys.</summary>
    public async Task<IReadOnlyList<long>> ReserveIdsAsync<T>(int count, CancellationToken cancellationToken) where T : class
    {
        if (count == 0)
        {
            return [];
        }

        var entity = db.Model.FindEntityType(typeof(T))!;
        var tableName = entity.GetTableName()!;
        var key = entity.FindPrimaryKey()!.Properties[0].GetColumnName(StoreObjectIdentifier.Table(tableName, entity.GetSchema()))!;
        // Table and column names come from the EF model, never from input.
#pragma warning disable EF1002
        if (db.Database.IsNpgsql())
        {
            // Values drawn from the identity sequence are never handed out twice, even to concurrent syncs.
            return await db.Database.SqlQueryRaw<long>(
                $"SELECT nextval(pg_get_serial_sequence('\"{tableName}\"', '{key}')) AS \"Value\" FROM generate_series(1, {count})")
                .ToListAsync(cancellationToken);
        }

        // SQLite: the caller holds the write transaction, so no other writer can take these ids meanwhile.
        var max = await db.Database.SqlQueryRaw<long>($"SELECT COALESCE(MAX(\"{key}\"), 0) AS \"Value\" FROM \"{tableName}\"").SingleAsync(cancellationToken);
#pragma warning restore EF1002
        return [.. Enumerable.Range(1, count).Select(i => max + i)];
    }

    private static object? Value(IClrPropertyGetter getter, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? converter, object row)
    {
        var value = getter.GetClrValue(row);
        return converter is null || value is null ? value : converter.ConvertToProvider(value);
    }
}
