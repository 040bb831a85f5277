using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace M3uStrm.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Playback : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "source",
                table: "stream_checks",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "health");

            migrationBuilder.AddColumn<int>(
                name: "avg_first_byte_ms",
                table: "provider_streams",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "recent_failovers",
                table: "provider_streams",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<double>(
                name: "success_rate",
                table: "provider_streams",
                type: "REAL",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "viewing_sessions",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    channel_id = table.Column<long>(type: "INTEGER", nullable: true),
                    vod_item_id = table.Column<long>(type: "INTEGER", nullable: true),
                    episode_id = table.Column<long>(type: "INTEGER", nullable: true),
                    stream_id = table.Column<long>(type: "INTEGER", nullable: true),
                    started_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    last_seen_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ended_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    duration_seconds = table.Column<double>(type: "REAL", nullable: true),
                    completed = table.Column<bool>(type: "INTEGER", nullable: false),
                    bytes_sent = table.Column<long>(type: "INTEGER", nullable: false),
                    client = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    ip = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    programme_ends_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    content_duration_seconds = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_viewing_sessions", x => x.id);
                    table.ForeignKey(
                        name: "fk_viewing_sessions_channels_channel_id",
                        column: x => x.channel_id,
                        principalTable: "channels",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_viewing_sessions_episode_episode_id",
                        column: x => x.episode_id,
                        principalTable: "episodes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_viewing_sessions_provider_stream_stream_id",
                        column: x => x.stream_id,
                        principalTable: "provider_streams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_viewing_sessions_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_viewing_sessions_vod_item_vod_item_id",
                        column: x => x.vod_item_id,
                        principalTable: "vod_items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "ix_viewing_sessions_channel_id_started_at",
                table: "viewing_sessions",
                columns: new[] { "channel_id", "started_at" });

            migrationBuilder.CreateIndex(
                name: "ix_viewing_sessions_ended_at_last_seen_at",
                table: "viewing_sessions",
                columns: new[] { "ended_at", "last_seen_at" });

            migrationBuilder.CreateIndex(
                name: "ix_viewing_sessions_episode_id",
                table: "viewing_sessions",
                column: "episode_id");

            migrationBuilder.CreateIndex(
                name: "ix_viewing_sessions_started_at",
                table: "viewing_sessions",
                column: "started_at");

            migrationBuilder.CreateIndex(
                name: "ix_viewing_sessions_stream_id",
                table: "viewing_sessions",
                column: "stream_id");

            migrationBuilder.CreateIndex(
                name: "ix_viewing_sessions_user_id_started_at",
                table: "viewing_sessions",
                columns: new[] { "user_id", "started_at" });

            migrationBuilder.CreateIndex(
                name: "ix_viewing_sessions_vod_item_id",
                table: "viewing_sessions",
                column: "vod_item_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "viewing_sessions");

            migrationBuilder.DropColumn(
                name: "source",
                table: "stream_checks");

            migrationBuilder.DropColumn(
                name: "avg_first_byte_ms",
                table: "provider_streams");

            migrationBuilder.DropColumn(
                name: "recent_failovers",
                table: "provider_streams");

            migrationBuilder.DropColumn(
                name: "success_rate",
                table: "provider_streams");
        }
    }
}
