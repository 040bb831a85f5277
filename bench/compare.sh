#!/usr/bin/env bash
# Whole-process comparison of our parser CLI against the npm peers, Python's iterparse and the grep floor,
# on the inputs PEERS.md uses (same generators, same seeds). Writes bench/RESULTS.md.
# Usage: bench/compare.sh            (needs dotnet, node/npm, python3; installs hyperfine, and clang + zlib1g-dev for
#                                     the CLI's NativeAOT publish, with apt if missing)
set -euo pipefail

BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
SHARED="${M3USTRM_SHARED:-$ROOT/../shared}"
OUT="$BENCH/out"
mkdir -p "$OUT"

command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; }
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time; }
{ command -v clang >/dev/null && [ -e /usr/include/zlib.h ]; } || { apt-get update -qq && apt-get install -y -qq clang zlib1g-dev; }

# Inputs (deterministic; regenerated only when missing).
[ -s "$OUT/playlist_1m.m3u" ] || python3 "$SHARED/bench/gen_playlist.py" 1000000 "$OUT/playlist_1m.m3u"
[ -s "$OUT/playlist_100k.m3u" ] || python3 "$SHARED/bench/gen_playlist.py" 100000 "$OUT/playlist_100k.m3u"
[ -s "$OUT/guide.xml" ] || python3 "$SHARED/bench/gen_xmltv.py" 1000 7 "$OUT/guide.xml"

# Peers, pinned by peers/package-lock.json.
[ -d "$BENCH/peers/node_modules" ] || npm ci --prefix "$BENCH/peers" --no-audit --no-fund

# Our CLI, Release, NativeAOT (see its .csproj).
dotnet publish "$BENCH/M3uStrm.FormatsCli" -c Release -o "$OUT/cli" -nologo -v:q >/dev/null
CLI="$OUT/cli/m3ustrm-formats"

M1="$OUT/playlist_1m.m3u"
M100="$OUT/playlist_100k.m3u"
G="$OUT/guide.xml"

declare -a NAMES CMDS
add() { NAMES+=("$1"); CMDS+=("$2"); }
add "grep -c (floor), 1M"            "grep -c '^#EXTINF' $M1"
add "m3ustrm-formats, 1M"            "$CLI m3u $M1"
add "m3ustrm-formats --threads 2, 1M" "$CLI m3u $M1 --threads 2"
add "m3ustrm-formats --entries, 1M"  "$CLI m3u $M1 --entries"
add "iptv-playlist-parser 0.15.2, 1M" "node $BENCH/peers/parse-m3u.mjs $M1"
add "grep -c (floor), 100k"          "grep -c '^#EXTINF' $M100"
add "m3ustrm-formats, 100k"          "$CLI m3u $M100"
add "iptv-playlist-parser 0.15.2, 100k" "node $BENCH/peers/parse-m3u.mjs $M100"
add "m3ustrm-formats write-m3u, 1M"  "$CLI write-m3u $M1 $OUT/rewritten.m3u"
add "grep -c (floor), guide"         "grep -c '<programme ' $G"
add "m3ustrm-formats xmltv, guide"   "$CLI xmltv $G"
add "@iptv/xmltv 1.0.1, guide"       "node $BENCH/peers/parse-xmltv.mjs $G"
add "python iterparse (keeps nothing), guide" "python3 $BENCH/peers/iterparse.py $G"
add "m3ustrm-formats write-xmltv, guide" "$CLI write-xmltv $G $OUT/rewritten.xml"

# Page cache warm, then one hyperfine run over every command (output to a pipe, as PEERS.md times grep).
cat "$M1" "$M100" "$G" >/dev/null
HF_ARGS=()
: >"$OUT/commands.tsv"
for i in "${!CMDS[@]}"; do
  HF_ARGS+=(-n "${NAMES[$i]}" "${CMDS[$i]}")
  printf '%s\t%s\n' "${NAMES[$i]}" "${CMDS[$i]//$ROOT\//}" >>"$OUT/commands.tsv"
done
hyperfine -N --output=pipe --warmup 1 --min-runs 3 --max-runs 5 --export-json "$OUT/hyperfine.json" "${HF_ARGS[@]}"

# Peak RSS, one run each.
: >"$OUT/rss.tsv"
for i in "${!CMDS[@]}"; do
  rss=$( { /usr/bin/time -v bash -c "${CMDS[$i]} >/dev/null" ; } 2>&1 | awk -F: '/Maximum resident set size/ {gsub(/ /,"",$2); print $2}')
  printf '%s\t%s\n' "${NAMES[$i]}" "$rss" >>"$OUT/rss.tsv"
done

# Counts printed by our CLI (proof that the runs did the work).
{ "$CLI" m3u "$M1"; "$CLI" m3u "$M1" --threads 2; "$CLI" m3u "$M1" --entries; "$CLI" xmltv "$G"; node "$BENCH/peers/parse-m3u.mjs" "$M100"; node "$BENCH/peers/parse-xmltv.mjs" "$G"; } >"$OUT/counts.txt" 2>&1

python3 "$BENCH/results.py" "$OUT" "$BENCH/RESULTS.md"
echo "wrote $BENCH/RESULTS.md"
