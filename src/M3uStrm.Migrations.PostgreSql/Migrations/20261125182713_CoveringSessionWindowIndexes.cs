using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace M3uStrm.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class CoveringSessionWindowIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_viewing_sessions_channel_id_started_at",
                table: "viewing_sessions");

            migrationBuilder.DropIndex(
                name: "ix_viewing_sessions_started_at",
                table: "viewing_sessions");

            migrationBuilder.DropIndex(
                name: "ix_viewing_sessions_user_id_started_at",
                table: "viewing_sessions");

            migrationBuilder.CreateIndex(
                name: "ix_viewing_sessions_channel_id_started_at",
                table: "viewing_sessions",
                columns: new[] { "channel_id", "started_at", "user_id", "duration_seconds" });

            migrationBuilder.CreateIndex(
                name: "ix_viewing_sessions_started_at",
                table: "viewing_sessions",
                columns: new[] { "started_at", "user_id", "channel_id", "duration_seconds", "completed" });

            migrationBuilder.CreateIndex(
                name: "ix_viewing_sessions_user_id_started_at",
                table: "viewing_sessions",
                columns: new[] { "user_id", "started_at", "channel_id", "duration_seconds", "completed" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_viewing_sessions_channel_id_started_at",
                table: "viewing_sessions");

            migrationBuilder.DropIndex(
                name: "ix_viewing_sessions_started_at",
                table: "viewing_sessions");

            migrationBuilder.DropIndex(
                name: "ix_viewing_sessions_user_id_started_at",
                table: "viewing_sessions");

            migrationBuilder.CreateIndex(
                name: "ix_viewing_sessions_channel_id_started_at",
                table: "viewing_sessions",
                columns: new[] { "channel_id", "started_at" });

            migrationBuilder.CreateIndex(
                name: "ix_viewing_sessions_started_at",
                table: "viewing_sessions",
                column: "started_at");

            migrationBuilder.CreateIndex(
                name: "ix_viewing_sessions_user_id_started_at",
                table: "viewing_sessions",
                columns: new[] { "user_id", "started_at" });
        }
    }
}
