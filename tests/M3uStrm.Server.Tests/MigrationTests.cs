using Microsoft.Extensions.DependencyInjection;
using M3uStrm.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace M3uStrm.Server.Tests;

public sealed class MigrationTests
{
    [Theory]
    [InlineData(false, "Data Source=:memory:")]
    [InlineData(true, "Host=127.0.0.1;Database=unused")]
    public void Neither_provider_has_pending_model_changes(bool postgres, string connectionString)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        DatabaseSetup.Configure(options, postgres, connectionString);
        using var db = new AppDbContext(options.Options);
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a migration: run ./scripts/add-migration.sh <Name>.");
    }

    [Fact]
    public async Task Migrations_create_the_quartz_job_store_tables()
    {
        await using var server = new ServerFactory();
        await ((IAsyncLifetime)server).InitializeAsync();
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        var count = await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM qrtz_job_details").SingleAsync();
        Assert.True(count >= 1, "the housekeeping job is stored in the job store");
        await ((IAsyncLifetime)server).DisposeAsync();
    }
}
