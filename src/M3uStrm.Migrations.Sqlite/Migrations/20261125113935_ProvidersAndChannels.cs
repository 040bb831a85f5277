using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace M3uStrm.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ProvidersAndChannels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "progress",
                table: "job_runs",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "channels",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    normalized_name = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    region = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    variant = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    number = table.Column<int>(type: "INTEGER", nullable: true),
                    group_title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    logo = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    epg_channel_id = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    name_locked = table.Column<bool>(type: "INTEGER", nullable: false),
                    number_locked = table.Column<bool>(type: "INTEGER", nullable: false),
                    group_locked = table.Column<bool>(type: "INTEGER", nullable: false),
                    logo_locked = table.Column<bool>(type: "INTEGER", nullable: false),
                    epg_locked = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_channels", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "providers",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    url_protected = table.Column<string>(type: "TEXT", nullable: true),
                    url_masked = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    username = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    password_protected = table.Column<string>(type: "TEXT", nullable: true),
                    file_path = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    priority = table.Column<int>(type: "INTEGER", nullable: false),
                    max_connections = table.Column<int>(type: "INTEGER", nullable: false),
                    sync_cron = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    user_agent = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    include_groups = table.Column<string>(type: "TEXT", nullable: false),
                    exclude_groups = table.Column<string>(type: "TEXT", nullable: false),
                    import_live = table.Column<bool>(type: "INTEGER", nullable: false),
                    import_vod = table.Column<bool>(type: "INTEGER", nullable: false),
                    import_series = table.Column<bool>(type: "INTEGER", nullable: false),
                    max_removal_percent = table.Column<int>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    last_sync_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    last_sync_status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    last_sync_message = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    last_successful_sync_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_providers", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "provider_performance_logs",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    provider_id = table.Column<long>(type: "INTEGER", nullable: false),
                    sync_timestamp = table.Column<DateTime>(type: "TEXT", nullable: false),
                    sync_duration_seconds = table.Column<double>(type: "REAL", nullable: false),
                    channels_added = table.Column<int>(type: "INTEGER", nullable: false),
                    channels_removed = table.Column<int>(type: "INTEGER", nullable: false),
                    channels_updated = table.Column<int>(type: "INTEGER", nullable: false),
                    vod_added = table.Column<int>(type: "INTEGER", nullable: false),
                    vod_removed = table.Column<int>(type: "INTEGER", nullable: false),
                    vod_updated = table.Column<int>(type: "INTEGER", nullable: false),
                    series_added = table.Column<int>(type: "INTEGER", nullable: false),
                    series_removed = table.Column<int>(type: "INTEGER", nullable: false),
                    series_updated = table.Column<int>(type: "INTEGER", nullable: false),
                    errors_count = table.Column<int>(type: "INTEGER", nullable: false),
                    error_details = table.Column<string>(type: "TEXT", nullable: false),
                    data_freshness_hours = table.Column<double>(type: "REAL", nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_provider_performance_logs", x => x.id);
                    table.ForeignKey(
                        name: "fk_provider_performance_logs_providers_provider_id",
                        column: x => x.provider_id,
                        principalTable: "providers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "provider_streams",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    provider_id = table.Column<long>(type: "INTEGER", nullable: false),
                    external_id = table.Column<string>(type: "TEXT", maxLength: 600, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    group_title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    tvg_id = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    tvg_name = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    logo = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    number = table.Column<int>(type: "INTEGER", nullable: true),
                    url = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    extension = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    attributes = table.Column<string>(type: "TEXT", nullable: false),
                    quality = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    quality_score = table.Column<int>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    last_checked_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    consecutive_failures = table.Column<int>(type: "INTEGER", nullable: false),
                    content_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    first_seen_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    removed_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_provider_streams", x => x.id);
                    table.ForeignKey(
                        name: "fk_provider_streams_providers_provider_id",
                        column: x => x.provider_id,
                        principalTable: "providers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "series",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    provider_id = table.Column<long>(type: "INTEGER", nullable: false),
                    external_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    year = table.Column<int>(type: "INTEGER", nullable: true),
                    genre = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    plot = table.Column<string>(type: "TEXT", nullable: true),
                    poster = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    rating = table.Column<double>(type: "REAL", nullable: true),
                    source_modified = table.Column<long>(type: "INTEGER", nullable: true),
                    content_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    first_seen_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    removed_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_series", x => x.id);
                    table.ForeignKey(
                        name: "fk_series_provider_provider_id",
                        column: x => x.provider_id,
                        principalTable: "providers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "vod_items",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    provider_id = table.Column<long>(type: "INTEGER", nullable: false),
                    external_id = table.Column<string>(type: "TEXT", maxLength: 600, nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    year = table.Column<int>(type: "INTEGER", nullable: true),
                    genre = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    plot = table.Column<string>(type: "TEXT", nullable: true),
                    poster = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    rating = table.Column<double>(type: "REAL", nullable: true),
                    duration_seconds = table.Column<int>(type: "INTEGER", nullable: true),
                    container_extension = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    url = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    tmdb_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    content_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    first_seen_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    removed_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_vod_items", x => x.id);
                    table.ForeignKey(
                        name: "fk_vod_items_provider_provider_id",
                        column: x => x.provider_id,
                        principalTable: "providers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "channel_streams",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    channel_id = table.Column<long>(type: "INTEGER", nullable: false),
                    provider_stream_id = table.Column<long>(type: "INTEGER", nullable: false),
                    order = table.Column<int>(type: "INTEGER", nullable: false),
                    is_active = table.Column<bool>(type: "INTEGER", nullable: false),
                    manual = table.Column<bool>(type: "INTEGER", nullable: false),
                    merge_method = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    merge_confidence = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_channel_streams", x => x.id);
                    table.ForeignKey(
                        name: "fk_channel_streams_channels_channel_id",
                        column: x => x.channel_id,
                        principalTable: "channels",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_channel_streams_provider_stream_provider_stream_id",
                        column: x => x.provider_stream_id,
                        principalTable: "provider_streams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "episodes",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    series_id = table.Column<long>(type: "INTEGER", nullable: false),
                    external_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    season = table.Column<int>(type: "INTEGER", nullable: false),
                    number = table.Column<int>(type: "INTEGER", nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    plot = table.Column<string>(type: "TEXT", nullable: true),
                    duration_seconds = table.Column<int>(type: "INTEGER", nullable: true),
                    container_extension = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    poster = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    removed_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_episodes", x => x.id);
                    table.ForeignKey(
                        name: "fk_episodes_series_series_id",
                        column: x => x.series_id,
                        principalTable: "series",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_channel_streams_channel_id_order",
                table: "channel_streams",
                columns: new[] { "channel_id", "order" });

            migrationBuilder.CreateIndex(
                name: "ix_channel_streams_is_active",
                table: "channel_streams",
                column: "is_active");

            migrationBuilder.CreateIndex(
                name: "ix_channel_streams_provider_stream_id",
                table: "channel_streams",
                column: "provider_stream_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_channels_epg_channel_id",
                table: "channels",
                column: "epg_channel_id");

            migrationBuilder.CreateIndex(
                name: "ix_channels_normalized_name",
                table: "channels",
                column: "normalized_name");

            migrationBuilder.CreateIndex(
                name: "ix_episodes_series_id_external_id",
                table: "episodes",
                columns: new[] { "series_id", "external_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_provider_performance_logs_provider_id_created_at",
                table: "provider_performance_logs",
                columns: new[] { "provider_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_provider_streams_provider_id_external_id",
                table: "provider_streams",
                columns: new[] { "provider_id", "external_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_provider_streams_status_quality_score",
                table: "provider_streams",
                columns: new[] { "status", "quality_score" });

            migrationBuilder.CreateIndex(
                name: "ix_providers_name",
                table: "providers",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_series_provider_id_external_id",
                table: "series",
                columns: new[] { "provider_id", "external_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_vod_items_provider_id_external_id",
                table: "vod_items",
                columns: new[] { "provider_id", "external_id" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "channel_streams");

            migrationBuilder.DropTable(
                name: "episodes");

            migrationBuilder.DropTable(
                name: "provider_performance_logs");

            migrationBuilder.DropTable(
                name: "vod_items");

            migrationBuilder.DropTable(
                name: "channels");

            migrationBuilder.DropTable(
                name: "provider_streams");

            migrationBuilder.DropTable(
                name: "series");

            migrationBuilder.DropTable(
                name: "providers");

            migrationBuilder.DropColumn(
                name: "progress",
                table: "job_runs");
        }
    }
}
