using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace M3uStrm.Server.Hosting.Jobs;

/// <summary>One execution of a job, scheduled or manual, so the API can show progress and history.</summary>
public sealed class JobRun
{
    public Guid Id { get; set; }

    public string JobKey { get; set; } = "";

    /// <summary><c>queued</c>, <c>running</c>, <c>succeeded</c>, <c>failed</c>.</summary>
    public string Status { get; set; } = JobRunStatus.Queued;

    /// <summary><c>schedule</c> or <c>manual:&lt;username&gt;</c>.</summary>
    public string TriggeredBy { get; set; } = "schedule";

    public DateTime QueuedAt { get; set; }

    public DateTime? StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    /// <summary>What a running job is doing now (phase and counts), set by the job itself.</summary>
    public string? Progress { get; set; }

    /// <summary>Result summary or the error that ended the run.</summary>
    public string? Message { get; set; }

    public string? Node { get; set; }
}

public static class JobRunStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}

internal sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> builder)
    {
        builder.ToTable("job_runs");
        builder.Property(r => r.JobKey).HasMaxLength(128);
        builder.Property(r => r.Status).HasMaxLength(16);
        builder.Property(r => r.TriggeredBy).HasMaxLength(300);
        builder.Property(r => r.Message).HasMaxLength(4000);
        builder.Property(r => r.Progress).HasMaxLength(500);
        builder.Property(r => r.Node).HasMaxLength(200);
        builder.HasIndex(r => new { r.JobKey, r.QueuedAt });
    }
}
