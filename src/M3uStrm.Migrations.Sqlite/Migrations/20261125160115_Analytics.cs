using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace M3uStrm.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Analytics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "session_daily_rollups",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    day = table.Column<DateTime>(type: "TEXT", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    channel_id = table.Column<long>(type: "INTEGER", nullable: true),
                    vod_item_id = table.Column<long>(type: "INTEGER", nullable: true),
                    episode_id = table.Column<long>(type: "INTEGER", nullable: true),
                    sessions = table.Column<int>(type: "INTEGER", nullable: false),
                    seconds = table.Column<double>(type: "REAL", nullable: false),
                    completed = table.Column<int>(type: "INTEGER", nullable: false),
                    last_started_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_session_daily_rollups", x => x.id);
                    table.ForeignKey(
                        name: "fk_session_daily_rollups_channel_channel_id",
                        column: x => x.channel_id,
                        principalTable: "channels",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_session_daily_rollups_episode_episode_id",
                        column: x => x.episode_id,
                        principalTable: "episodes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_session_daily_rollups_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_session_daily_rollups_vod_item_vod_item_id",
                        column: x => x.vod_item_id,
                        principalTable: "vod_items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "ix_session_daily_rollups_channel_id_day",
                table: "session_daily_rollups",
                columns: new[] { "channel_id", "day" });

            migrationBuilder.CreateIndex(
                name: "ix_session_daily_rollups_day_user_id",
                table: "session_daily_rollups",
                columns: new[] { "day", "user_id" });

            migrationBuilder.CreateIndex(
                name: "ix_session_daily_rollups_episode_id",
                table: "session_daily_rollups",
                column: "episode_id");

            migrationBuilder.CreateIndex(
                name: "ix_session_daily_rollups_user_id_day",
                table: "session_daily_rollups",
                columns: new[] { "user_id", "day" });

            migrationBuilder.CreateIndex(
                name: "ix_session_daily_rollups_vod_item_id",
                table: "session_daily_rollups",
                column: "vod_item_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "session_daily_rollups");
        }
    }
}
