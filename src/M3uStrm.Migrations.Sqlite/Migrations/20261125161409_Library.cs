using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace M3uStrm.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Library : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "library_files",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    path = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    missing_runs = table.Column<int>(type: "INTEGER", nullable: false),
                    written_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_library_files", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "library_runs",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    started_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    finished_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    succeeded = table.Column<bool>(type: "INTEGER", nullable: false),
                    added = table.Column<int>(type: "INTEGER", nullable: false),
                    changed = table.Column<int>(type: "INTEGER", nullable: false),
                    removed = table.Column<int>(type: "INTEGER", nullable: false),
                    unchanged = table.Column<int>(type: "INTEGER", nullable: false),
                    pending_removal = table.Column<int>(type: "INTEGER", nullable: false),
                    problems = table.Column<string>(type: "TEXT", nullable: false),
                    message = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_library_runs", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_library_files_path",
                table: "library_files",
                column: "path",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_library_runs_started_at",
                table: "library_runs",
                column: "started_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "library_files");

            migrationBuilder.DropTable(
                name: "library_runs");
        }
    }
}
