#!/usr/bin/env python3
"""Turns hyperfine.json + rss.tsv from compare.sh into bench/RESULTS.md."""
import json
import os
import platform
import subprocess
import sys
from datetime import date

out, target = sys.argv[1], sys.argv[2]
runs = {r["command"]: r for r in json.load(open(f"{out}/hyperfine.json"))["results"]}
rss = dict(line.rstrip("\n").split("\t") for line in open(f"{out}/rss.tsv") if "\t" in line)
counts = open(f"{out}/counts.txt").read().strip()
commands = dict(line.rstrip("\n").split("\t", 1) for line in open(f"{out}/commands.tsv") if "\t" in line)

ITEMS = {"1M": 1_000_000, "100k": 100_000, "guide": 156_076}


def mean(name):
    return runs[name]["mean"]


def cpu_seconds(name):
    """Mean user + system CPU seconds: less sensitive than wall time to other work on the machine."""
    return runs[name]["user"] + runs[name]["system"]


def row(name, ours):
    r = runs[name]
    n = ITEMS[name.rsplit(", ", 1)[1]]
    ratio = mean(name) / mean(ours)
    mb = int(rss.get(name, "0") or 0) / 1024
    return (f"| {name} | {r['mean']:.3f} ± {r['stddev'] or 0:.3f} s | {n / r['mean'] / 1000:,.0f}k | "
            f"{ratio:.2f}× | {mb:,.0f} MB | `{commands.get(name, name)}` |")


cpu = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
lines = [
    "# Whole-process benchmark results",
    "",
    f"Measured {date.today()} by `bench/compare.sh` on this project's machine ({cpu} cores, {platform.machine()}, shared with other builds, so",
    "absolute times are noisy; ratios come from one hyperfine run over all commands on the same files).",
    "Inputs: `gen_playlist.py 1000000` (250 MB), `gen_playlist.py 100000`, `gen_xmltv.py 1000 7` (156,076 programmes, 80.5 MB), default seed.",
    "Time = hyperfine mean (warm-up 1, 3–5 runs, `-N`, output to a pipe); peak RSS = `/usr/bin/time -v`, one run.",
    "\"× ours\" = that command's time divided by our CLI's single-threaded time for the same input (higher = we are faster).",
    "Our CLI is published with NativeAOT (`bench/M3uStrm.FormatsCli`). `m3u` reads entries as UTF-8 spans",
    "(`M3uReader.ReadRawEntries`: the same parser, same problems, no strings for fields it does not print); `m3u --entries`",
    "materialises every `M3uEntry` as the server gets it. Programmes are always fully materialised.",
    "",
    "## M3U",
    "",
    "| command | time | entries/s | × ours | peak RSS | command line |",
    "|---|---:|---:|---:|---:|---|",
]
cmd = {r["command"]: r for r in runs.values()}
for name in ["grep -c (floor), 1M", "m3ustrm-formats, 1M", "m3ustrm-formats --threads 2, 1M", "m3ustrm-formats --entries, 1M",
             "iptv-playlist-parser 0.15.2, 1M",
             "grep -c (floor), 100k", "m3ustrm-formats, 100k", "iptv-playlist-parser 0.15.2, 100k", "m3ustrm-formats write-m3u, 1M"]:
    ours = "m3ustrm-formats, 100k" if name.endswith("100k") else "m3ustrm-formats, 1M"
    lines.append(row(name, ours))
lines += ["", "## XMLTV (156,076 programmes)", "",
          "| command | time | programmes/s | × ours | peak RSS | command line |", "|---|---:|---:|---:|---:|---|"]
for name in ["grep -c (floor), guide", "m3ustrm-formats xmltv, guide", "@iptv/xmltv 1.0.1, guide",
             "python iterparse (keeps nothing), guide", "m3ustrm-formats write-xmltv, guide"]:
    lines.append(row(name, "m3ustrm-formats xmltv, guide"))


def check(ok, text):
    return f"- [{'x' if ok else ' '}] {text}"


m_ours, m_best = mean("m3ustrm-formats, 1M"), min(mean("m3ustrm-formats, 1M"), mean("m3ustrm-formats --threads 2, 1M"))
m_peer, m_grep = mean("iptv-playlist-parser 0.15.2, 1M"), mean("grep -c (floor), 1M")
m_entries, m_write = mean("m3ustrm-formats --entries, 1M"), mean("m3ustrm-formats write-m3u, 1M")
x_ours, x_peer, x_py = mean("m3ustrm-formats xmltv, guide"), mean("@iptv/xmltv 1.0.1, guide"), mean("python iterparse (keeps nothing), guide")
rss_m = int(rss.get("m3ustrm-formats, 1M", "0")) / 1024
rss_x = int(rss.get("m3ustrm-formats xmltv, guide", "0")) / 1024
lines += [
    "", "## Targets (issue 5)", "",
    check(m_peer / m_ours >= 20, f"1M playlist ≥ 20× faster than iptv-playlist-parser: {m_peer / m_ours:.1f}× single-threaded, {m_peer / m_best:.1f}× best"),
    check(m_best / m_grep <= 4, f"1M playlist within 4× of the grep floor: {m_ours / m_grep:.1f}× single-threaded, {m_best / m_grep:.1f}× best"),
    check(rss_m < 100, f"1M playlist peak memory < 100 MB: {rss_m:.0f} MB"),
    check(x_peer / x_ours >= 3, f"guide ≥ 3× faster than @iptv/xmltv: {x_peer / x_ours:.1f}×"),
    check(x_ours < x_py, f"guide faster than Python iterparse keeping nothing: {x_py / x_ours:.2f}×"),
    check(rss_x < 100, f"guide peak memory < 100 MB: {rss_x:.0f} MB"),
    check(m_write - m_entries <= m_entries,
          f"writing M3U at least as fast as reading: write alone ≈ {m_write - m_entries:.2f} s (write-m3u − read --entries) "
          f"vs read --entries {m_entries:.2f} s (the writer takes `M3uEntry` objects, so the materialised read is the like-for-like one; "
          f"the span read is {m_ours:.2f} s); CPU time: write alone "
          f"{cpu_seconds('m3ustrm-formats write-m3u, 1M') - cpu_seconds('m3ustrm-formats --entries, 1M'):.2f} s vs read {cpu_seconds('m3ustrm-formats --entries, 1M'):.2f} s"),
    check(mean("m3ustrm-formats write-xmltv, guide") - x_ours <= x_ours,
          f"writing XMLTV at least as fast as reading: write alone ≈ {mean('m3ustrm-formats write-xmltv, guide') - x_ours:.2f} s vs read {x_ours:.2f} s; "
          f"CPU time: write alone {cpu_seconds('m3ustrm-formats write-xmltv, guide') - cpu_seconds('m3ustrm-formats xmltv, guide'):.2f} s vs read "
          f"{cpu_seconds('m3ustrm-formats xmltv, guide'):.2f} s"),
    "",
    f"With `M3uEntry` objects (`--entries`) the 1M playlist is {m_peer / m_entries:.1f}× faster than iptv-playlist-parser and "
    f"{m_entries / m_grep:.1f}× the grep floor, so the ≥ 20× and within-4× targets "
    f"{'hold for the object reader too' if m_peer / m_entries >= 20 and m_entries / m_grep <= 4 else 'are met only by the span reader (the one the CLI uses by default), not by the object reader'}.",
    "The write commands read the input and write it back, so their time includes a full read; writing alone is their time minus the read.",
    "Those differences subtract wall times measured minutes apart, so load from other work on the machine moves them; the CPU",
    "times (user + system, from the same hyperfine runs) are shown beside them because they move much less. The boxes use wall time.",
    "`--threads 2` splits the file at an `#EXTINF` line and parses both halves at once: "
    f"{m_ours / mean('m3ustrm-formats --threads 2, 1M'):.2f}× the single-threaded speed in this run "
    "(the machine's second core is shared with another engineer's builds).",
    "",
    "## What made the difference (previous run: JIT build, 1M read 1.087 s, guide read 1.569 s, guide rewrite 3.338 s)",
    "",
    "- NativeAOT CLI (x86-64-v3): no start-up JIT. With `TieredCompilation=false` the JIT compiled all of System.Xml fully",
    "  optimised at start: 1.65 s → 0.72 s for the guide from that alone. The GC heap cap moved to `RuntimeHostConfigurationOption`",
    "  (runtimeconfig.template.json is ignored by NativeAOT), so peak RSS is now ~15 MB.",
    "- M3U parser: an entry's `#EXTINF` text and URL are copied into one byte buffer with ranges for title, attributes and URL",
    "  (`M3uEntrySlot`); `M3uEntry` is built from it on demand (one UTF-8 → UTF-16 decode per entry, values sliced from it when",
    "  byte and char offsets agree), and `ReadRawEntries` hands the ranges out as spans without building it. UTF-8 validity is checked",
    "  once per buffer up to the last line break (per line only inside a chunk with an invalid sequence); lines are trimmed only when",
    "  an end byte is whitespace; the attribute scanner reuses the key it found while deciding that a quote closes a value;",
    "  known keys are interned by length-switched `u8` comparisons.",
    "- XMLTV reader: files and memory streams use a synchronous `XmlReader` (`Async = false`); network streams keep the async one.",
    "  One element-reading code path serves both (`ValueTask` steps that complete synchronously), without per-element closures,",
    "  and attributes are matched by atomised name instead of `GetAttribute(string)`.",
    "- XMLTV writer: `XmlWriter` runs synchronously into a memory buffer that goes to the stream every 64 KB (synchronously for files",
    "  and memory, `WriteAsync` otherwise); times are formatted digit by digit; the invalid-character check is a vectorised range test.",
    "- M3U writer: one search decides whether a value needs quote choice or line-break replacement; the capacity check is inlined.",
    "",
    "## What is left",
    "",
    "- M3U: ~0.3 µs per entry single-threaded, about a third of it in the attribute scanner's short vectorised searches; grep",
    "  only scans bytes. The materialised reader spends its extra time creating ~8 strings and an array per entry.",
    f"- M3U writing: in wall time it ties with the materialised read more often than not; write-m3u ran "
    f"{mean('m3ustrm-formats write-m3u, 1M') - cpu_seconds('m3ustrm-formats write-m3u, 1M'):.2f} s longer than its CPU time "
    "(writing 250 MB through the file system, or waiting for a core), which the read does not pay. Formatting costs ~0.6 µs",
    "  per entry (UTF-16 → UTF-8 of every string); writing straight from the parser's bytes would avoid it, but the writer's",
    "  input is `M3uEntry`.",
    "- XMLTV: nearly all remaining time is inside `XmlTextReaderImpl`/`XmlWriter`; going further means replacing them.",
    "",
    "## Output of the runs", "", "```", counts, "```", "",
    "## Reproduce", "", "```", "bench/compare.sh", "```",
    "In-process numbers (allocations per entry, read vs write) come from `dotnet run -c Release --project bench/M3uStrm.Bench`.",
]
# Other benchmarks (sync, EPG) keep their sections below this marker; only the part above it is regenerated.
marker = "<!-- other benchmarks below: kept when this file is regenerated -->"
kept = ""
if os.path.exists(target):
    previous = open(target).read()
    if marker in previous:
        kept = previous[previous.index(marker) + len(marker):]
open(target, "w").write("\n".join(lines) + "\n\n" + marker + kept)
