using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace M3uStrm.Server.Features.Users;

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> builder)
    {
        builder.Property(u => u.PlaybackToken).HasMaxLength(64).IsRequired();
        builder.HasIndex(u => u.PlaybackToken).IsUnique();
        builder.Property(u => u.XtreamPassword).HasMaxLength(64).IsRequired();
    }
}
