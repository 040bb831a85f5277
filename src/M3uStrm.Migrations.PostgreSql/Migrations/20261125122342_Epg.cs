using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace M3uStrm.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class Epg : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "epg_sources",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    url_protected = table.Column<string>(type: "text", nullable: true),
                    url_masked = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    url_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    file_path = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    provider_id = table.Column<long>(type: "bigint", nullable: true),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    dismissed = table.Column<bool>(type: "boolean", nullable: false),
                    priority = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    last_refresh_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    last_successful_refresh_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    last_refresh_status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    last_refresh_message = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_epg_sources", x => x.id);
                    table.ForeignKey(
                        name: "fk_epg_sources_provider_provider_id",
                        column: x => x.provider_id,
                        principalTable: "providers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "epg_channels",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    source_id = table.Column<long>(type: "bigint", nullable: false),
                    xmltv_id = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    display_name = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    display_names = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    icon = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    last_seen_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_epg_channels", x => x.id);
                    table.ForeignKey(
                        name: "fk_epg_channels_epg_source_source_id",
                        column: x => x.source_id,
                        principalTable: "epg_sources",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "epg_refresh_logs",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    source_id = table.Column<long>(type: "bigint", nullable: false),
                    started_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    duration_seconds = table.Column<double>(type: "double precision", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    channels_count = table.Column<int>(type: "integer", nullable: false),
                    programmes_count = table.Column<int>(type: "integer", nullable: false),
                    programmes_skipped = table.Column<int>(type: "integer", nullable: false),
                    errors_count = table.Column<int>(type: "integer", nullable: false),
                    error_details = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_epg_refresh_logs", x => x.id);
                    table.ForeignKey(
                        name: "fk_epg_refresh_logs_epg_sources_source_id",
                        column: x => x.source_id,
                        principalTable: "epg_sources",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "channel_epg_mappings",
                columns: table => new
                {
                    channel_id = table.Column<long>(type: "bigint", nullable: false),
                    epg_channel_id = table.Column<long>(type: "bigint", nullable: false),
                    method = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    score = table.Column<double>(type: "double precision", nullable: false),
                    shift_minutes = table.Column<int>(type: "integer", nullable: false),
                    manual = table.Column<bool>(type: "boolean", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_channel_epg_mappings", x => x.channel_id);
                    table.ForeignKey(
                        name: "fk_channel_epg_mappings_channels_channel_id",
                        column: x => x.channel_id,
                        principalTable: "channels",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_channel_epg_mappings_epg_channels_epg_channel_id",
                        column: x => x.epg_channel_id,
                        principalTable: "epg_channels",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "programmes",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    source_id = table.Column<long>(type: "bigint", nullable: false),
                    epg_channel_id = table.Column<long>(type: "bigint", nullable: false),
                    start = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    stop = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    title = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    sub_title = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    description = table.Column<string>(type: "text", nullable: true),
                    categories = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    episode_xmltv_ns = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    episode_on_screen = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    icon = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    lang = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    previously_shown = table.Column<bool>(type: "boolean", nullable: false),
                    is_new = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_programmes", x => x.id);
                    table.ForeignKey(
                        name: "fk_programmes_epg_channels_epg_channel_id",
                        column: x => x.epg_channel_id,
                        principalTable: "epg_channels",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_programmes_epg_source_source_id",
                        column: x => x.source_id,
                        principalTable: "epg_sources",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_channel_epg_mappings_epg_channel_id",
                table: "channel_epg_mappings",
                column: "epg_channel_id");

            migrationBuilder.CreateIndex(
                name: "ix_epg_channels_source_id_xmltv_id",
                table: "epg_channels",
                columns: new[] { "source_id", "xmltv_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_epg_refresh_logs_source_id_started_at",
                table: "epg_refresh_logs",
                columns: new[] { "source_id", "started_at" });

            migrationBuilder.CreateIndex(
                name: "ix_epg_sources_provider_id_url_hash",
                table: "epg_sources",
                columns: new[] { "provider_id", "url_hash" });

            migrationBuilder.CreateIndex(
                name: "ix_programmes_epg_channel_id_start",
                table: "programmes",
                columns: new[] { "epg_channel_id", "start" });

            migrationBuilder.CreateIndex(
                name: "ix_programmes_source_id",
                table: "programmes",
                column: "source_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "channel_epg_mappings");

            migrationBuilder.DropTable(
                name: "epg_refresh_logs");

            migrationBuilder.DropTable(
                name: "programmes");

            migrationBuilder.DropTable(
                name: "epg_channels");

            migrationBuilder.DropTable(
                name: "epg_sources");
        }
    }
}
