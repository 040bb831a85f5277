#!/usr/bin/env python3
"""Turns hyperfine.json + rss.tsv from compare.sh into bench/RESULTS.md."""
import json
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
    "",
    "## M3U",
    "",
    "| command | time | entries/s | × ours | peak RSS | command line |",
    "|---|---:|---:|---:|---:|---|",
]
cmd = {r["command"]: r for r in runs.values()}
for name in ["grep -c (floor), 1M", "m3ustrm-formats, 1M", "m3ustrm-formats --threads 2, 1M", "iptv-playlist-parser 0.15.2, 1M",
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
    check(mean("m3ustrm-formats write-m3u, 1M") - m_ours <= m_ours,
          f"writing M3U at least as fast as reading: write alone ≈ {mean('m3ustrm-formats write-m3u, 1M') - m_ours:.2f} s (read + write − read) vs read {m_ours:.2f} s"),
    check(mean("m3ustrm-formats write-xmltv, guide") - x_ours <= x_ours,
          f"writing XMLTV at least as fast as reading: write alone ≈ {mean('m3ustrm-formats write-xmltv, guide') - x_ours:.2f} s vs read {x_ours:.2f} s"),
    "",
    "The write commands read the input and write it back, so their time includes a full read; writing alone is their time minus the read.",
    "",
    "## Where the targets are missed, and why",
    "",
    "- M3U vs grep and vs iptv-playlist-parser: every entry is fully materialised (≈8 strings, an attribute array and an",
    "  `M3uEntry` per entry; an estimate, not measured, is ~900 bytes allocated per entry), which costs ≈1 µs per entry on one core; grep only scans bytes.",
    "  `--threads 2` parses two halves of the file (split at an `#EXTINF` line) on both cores. Next steps measured as",
    "  promising but not done: one UTF-8→UTF-16 decode per line with values sliced from it, and `TieredCompilation`",
    "  with `TC_CallCountingDelayMs=0` instead of `TieredCompilation=false` (≈15–20% faster in one trial with the environment variable, not yet settable from runtimeconfig).",
    "- XMLTV vs @iptv/xmltv: the reader is `XmlReader` in async mode (one code path for files and HTTP bodies); per-node",
    "  async state machines and per-element closures are the suspected cost (not measured separately). A synchronous path for local streams is the next step.",
    "- Peak memory stays bounded because the CLI caps the GC heap (`System.GC.HeapHardLimit` 50 MB in its runtimeconfig);",
    "  the readers themselves keep only one buffer and the entry being built.",
    "",
    "## Output of the runs", "", "```", counts, "```", "",
    "## Reproduce", "", "```", "bench/compare.sh", "```",
    "In-process numbers (allocations per entry, read vs write) come from `dotnet run -c Release --project bench/M3uStrm.Bench`.",
]
open(target, "w").write("\n".join(lines) + "\n")
