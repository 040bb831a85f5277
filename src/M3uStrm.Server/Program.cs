using M3uStrm.Server.Data;
using M3uStrm.Server.Features.Alerts;
using M3uStrm.Server.Features.Analytics;
using M3uStrm.Server.Features.Auth;
using M3uStrm.Server.Features.Channels;
using M3uStrm.Server.Features.Epg;
using M3uStrm.Server.Features.Health;
using M3uStrm.Server.Features.Library;
using M3uStrm.Server.Features.Outputs;
using M3uStrm.Server.Features.Playback;
using M3uStrm.Server.Features.Providers;
using M3uStrm.Server.Features.Users;
using M3uStrm.Server.Hosting;
using M3uStrm.Server.Hosting.Audit;
using M3uStrm.Server.Hosting.Jobs;
using M3uStrm.Server.Hosting.Settings;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddEnvironmentVariables("M3USTRM_");
builder.Configuration.AddCommandLine(args);
builder.AddSettings();
StartupValidation.ValidateOrThrow(builder.Configuration);

builder.AddServerOptions();
builder.AddApiPlumbing();
builder.AddTelemetry();
builder.AddData();
builder.AddAudit();
builder.AddAuth();
builder.AddJobs();
builder.AddProviders();
builder.AddChannels();
builder.AddEpg();
builder.AddHealth();
builder.AddPlayback();
builder.AddAlerts();
builder.AddOutputs();
builder.AddAnalytics();
builder.AddLibrary();
builder.AddScheduledJob<HousekeepingJob>(HousekeepingJob.Key, "Deletes old audit rows and job-run history.", "0 30 3 * * ?");

var app = builder.Build();

app.UseApiPlumbing();
app.UseDefaultFiles();
app.UseStaticFiles();
app.UseAuth();

app.MapTelemetry();
app.MapAuth();
app.MapMe();
app.MapUsers();
app.MapJobs();
app.MapProviders();
app.MapChannels();
app.MapEpg();
app.MapHealth();
app.MapPlayback();
app.MapAlerts();
app.MapOutputs();
app.MapAnalytics();
app.MapLibrary();
app.MapAudit();
app.MapSettings();
app.MapApiPlumbing();

await app.MigrateDatabaseAsync();
await app.LoadSettingsAsync();
await app.EnsureAdminAsync();
await app.ScheduleJobsAsync();
await app.ScheduleProviderSyncsAsync();
await app.RunAsync();

/// <summary>Entry point, visible to the integration tests' host factory.</summary>
public partial class Program;
