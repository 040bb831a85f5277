// Fetches a playlist and prints what iptv-playlist-parser makes of it, as JSON:
//   node m3u-parse.mjs <url>
// {"status":200,"contentType":"…","header":{…},"items":[…]}; a non-200 answer prints {"status":…,"body":"…"} and exits 1.
import parser from 'iptv-playlist-parser';

const url = process.argv[2];
if (!url) {
  console.error('usage: node m3u-parse.mjs <url>');
  process.exit(2);
}

const response = await fetch(url);
const body = await response.text();
if (response.status !== 200) {
  console.log(JSON.stringify({ status: response.status, body }));
  process.exit(1);
}

const result = parser.parse(body);
console.log(JSON.stringify({ status: response.status, contentType: response.headers.get('content-type'), header: result.header, items: result.items }));
