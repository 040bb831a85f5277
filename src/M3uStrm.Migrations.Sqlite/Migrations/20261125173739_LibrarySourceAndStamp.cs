using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace M3uStrm.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class LibrarySourceAndStamp : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "tree_stamp",
                table: "library_runs",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "source",
                table: "library_files",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "tree_stamp",
                table: "library_runs");

            migrationBuilder.DropColumn(
                name: "source",
                table: "library_files");
        }
    }
}
