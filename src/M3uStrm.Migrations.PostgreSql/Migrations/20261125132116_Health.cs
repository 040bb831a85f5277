using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace M3uStrm.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class Health : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "quality_logs",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    stream_id = table.Column<long>(type: "bigint", nullable: false),
                    sampled_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    resolution = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    bitrate = table.Column<int>(type: "integer", nullable: true),
                    quality_score = table.Column<int>(type: "integer", nullable: false),
                    codec = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    fps = table.Column<double>(type: "double precision", nullable: true),
                    analysis_method = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_quality_logs", x => x.id);
                    table.ForeignKey(
                        name: "fk_quality_logs_provider_stream_stream_id",
                        column: x => x.stream_id,
                        principalTable: "provider_streams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "stream_checks",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    stream_id = table.Column<long>(type: "bigint", nullable: false),
                    checked_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ok = table.Column<bool>(type: "boolean", nullable: false),
                    latency_ms = table.Column<int>(type: "integer", nullable: false),
                    http_status = table.Column<int>(type: "integer", nullable: true),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stream_checks", x => x.id);
                    table.ForeignKey(
                        name: "fk_stream_checks_provider_stream_stream_id",
                        column: x => x.stream_id,
                        principalTable: "provider_streams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_quality_logs_stream_id_sampled_at",
                table: "quality_logs",
                columns: new[] { "stream_id", "sampled_at" });

            migrationBuilder.CreateIndex(
                name: "ix_stream_checks_stream_id_checked_at",
                table: "stream_checks",
                columns: new[] { "stream_id", "checked_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "quality_logs");

            migrationBuilder.DropTable(
                name: "stream_checks");
        }
    }
}
