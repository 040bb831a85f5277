using Npgsql;

namespace M3uStrm.Server.Tests.Infrastructure;

/// <summary>
/// The database a test server runs on: a fresh SQLite file in a temp folder, or a fresh database on the
/// PostgreSQL server the test script started (<c>M3USTRM_TEST_DB=postgres</c>, <c>M3USTRM_TEST_PG</c>).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? postgresDatabase;

    private TestDatabase(string provider, string connectionString, string dataDirectory, string? postgresDatabase)
    {
        Provider = provider;
        ConnectionString = connectionString;
        DataDirectory = dataDirectory;
        this.postgresDatabase = postgresDatabase;
    }

    public static string SelectedProvider =>
        Environment.GetEnvironmentVariable("M3USTRM_TEST_DB") is { Length: > 0 } p ? p : "sqlite";

    public string Provider { get; }

    /// <summary>Empty for SQLite (the server puts its file in the data directory).</summary>
    public string ConnectionString { get; }

    public string DataDirectory { get; }

    public static TestDatabase Create()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "m3ustrm-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        if (SelectedProvider != "postgres")
        {
            return new TestDatabase("sqlite", "", dataDirectory, null);
        }

        var server = Environment.GetEnvironmentVariable("M3USTRM_TEST_PG")
            ?? throw new InvalidOperationException("M3USTRM_TEST_DB=postgres needs M3USTRM_TEST_PG (a connection string to the test server).");
        var name = "m3ustrm_test_" + Guid.NewGuid().ToString("N")[..12];
        var csb = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new TestDatabase("postgres", csb.ConnectionString, dataDirectory, name);
    }

    public IEnumerable<KeyValuePair<string, string>> Settings()
    {
        yield return new("DataDirectory", DataDirectory);
        yield return new("Database:Provider", Provider);
        yield return new("ConnectionStrings:Default", ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        if (postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            var admin = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("M3USTRM_TEST_PG")) { Database = "postgres" };
            await using var connection = new NpgsqlConnection(admin.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{postgresDatabase}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a closing process; the temp folder is cleaned by the OS.
        }
    }
}
