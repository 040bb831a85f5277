// Whole-process peer: @iptv/xmltv reading the guide and printing counts.
import { readFileSync } from 'node:fs';
import { parseXmltv } from '@iptv/xmltv';

const guide = parseXmltv(readFileSync(process.argv[2], 'utf8'));
console.log(`channels=${(guide.channels || []).length} programmes=${(guide.programmes || []).length}`);
