using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace M3uStrm.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class PlaybackEvents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "playback_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    provider_id = table.Column<long>(type: "bigint", nullable: false),
                    at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    in_use = table.Column<int>(type: "integer", nullable: false),
                    max_connections = table.Column<int>(type: "integer", nullable: false),
                    channel_id = table.Column<long>(type: "bigint", nullable: true),
                    stream_id = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_playback_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_playback_events_provider_provider_id",
                        column: x => x.provider_id,
                        principalTable: "providers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_playback_events_kind_at",
                table: "playback_events",
                columns: new[] { "kind", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_playback_events_provider_id_at",
                table: "playback_events",
                columns: new[] { "provider_id", "at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "playback_events");
        }
    }
}
