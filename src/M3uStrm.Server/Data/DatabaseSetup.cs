using System.Runtime.Loader;
using M3uStrm.Server.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace M3uStrm.Server.Data;

/// <summary>Selects the database provider (SQLite embedded default, PostgreSQL on request) and applies migrations at start-up.</summary>
public static class DatabaseSetup
{
    public const string SqliteMigrationsAssembly = "M3uStrm.Migrations.Sqlite";
    public const string PostgresMigrationsAssembly = "M3uStrm.Migrations.PostgreSql";

    public static WebApplicationBuilder AddData(this WebApplicationBuilder builder)
    {
        LoadMigrationAssembliesFromAppDirectory();
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var dataDirectory = Path.GetFullPath(builder.Configuration["DataDirectory"] ?? "./data");
        var connectionString = database.IsPostgres
            ? builder.Configuration.GetConnectionString("Default")!
            : SqliteConnectionString(builder.Configuration.GetConnectionString("Default"), dataDirectory, database.SqliteBusyTimeoutMs);

        builder.Services.AddSingleton(new DatabaseConnection(database.IsPostgres ? "postgres" : "sqlite", connectionString));
        builder.Services.AddDbContext<AppDbContext>(options => Configure(options, database.IsPostgres, connectionString));
        builder.Services.AddScoped<BulkWriter>();
        return builder;
    }

    /// <summary>Shared by the server and the design-time factories of the migrations projects.</summary>
    public static void Configure(DbContextOptionsBuilder options, bool postgres, string connectionString)
    {
        if (postgres)
        {
            options.UseNpgsql(connectionString, o => o.MigrationsAssembly(PostgresMigrationsAssembly));
        }
        else
        {
            options.UseSqlite(connectionString, o => o.MigrationsAssembly(SqliteMigrationsAssembly));
            options.AddInterceptors(SqlitePragmas.Instance);
        }

        options.UseSnakeCaseNamingConvention();
    }

    internal static string SqliteConnectionString(string? configured, string dataDirectory, int busyTimeoutMs)
    {
        var csb = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured)
            ? $"Data Source={Path.Combine(dataDirectory, "m3ustrm.db")}"
            : configured)
        {
            // Microsoft.Data.Sqlite retries SQLITE_BUSY until the command timeout (seconds); that is our busy timeout.
            DefaultTimeout = Math.Max(1, busyTimeoutMs / 1000),
            Cache = SqliteCacheMode.Default,
            Pooling = true,
        };
        return csb.ConnectionString;
    }

    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.MigrateAsync();
    }

    /// <summary>
    /// The migrations projects reference the server (they need its model), so the server cannot reference
    /// them; they build into the server's output folder and are loaded from there by name.
    /// </summary>
    private static void LoadMigrationAssembliesFromAppDirectory()
    {
        AssemblyLoadContext.Default.Resolving += static (context, name) =>
        {
            if (name.Name is not (SqliteMigrationsAssembly or PostgresMigrationsAssembly))
            {
                return null;
            }

            var path = Path.Combine(AppContext.BaseDirectory, name.Name + ".dll");
            return File.Exists(path) ? context.LoadFromAssemblyPath(path) : null;
        };
    }
}

/// <summary>The provider in use and its connection string, for components outside EF (Quartz, health checks).</summary>
public sealed record DatabaseConnection(string Provider, string ConnectionString)
{
    public bool IsPostgres => Provider == "postgres";
}
