// Whole-process peer: iptv-playlist-parser reading the playlist and printing counts.
import { readFileSync } from 'node:fs';
import parser from 'iptv-playlist-parser';

const result = parser.parse(readFileSync(process.argv[2], 'utf8'));
const withTvgId = result.items.filter((i) => i.tvg && i.tvg.id).length;
console.log(`entries=${result.items.length} with_tvg_id=${withTvgId}`);
