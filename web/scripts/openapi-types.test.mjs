// @vitest-environment node
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { schemaSource } from './openapi-types.mjs';

const read = (path) => readFileSync(new URL(path, import.meta.url), 'utf8');

describe('generated API types', () => {
  it('src/api/schema.ts is what openapi/v1.json generates (run `npm run gen:api:types` after changing it)', async () => {
    const document = JSON.parse(read('../openapi/v1.json'));
    expect(await schemaSource(document)).toBe(read('../src/api/schema.ts'));
  });

  it('describes integers as numbers only, not as the strings the server also accepts', async () => {
    const source = await schemaSource({
      openapi: '3.1.1',
      info: { title: 't', version: '1' },
      paths: {},
      components: {
        schemas: {
          Row: {
            type: 'object',
            required: ['id', 'parent_id'],
            properties: {
              id: { type: ['integer', 'string'], pattern: '^-?(?:0|[1-9]\\d*)$', format: 'int64' },
              parent_id: { type: ['null', 'integer', 'string'], pattern: '^-?(?:0|[1-9]\\d*)$', format: 'int64' },
              code: { type: 'string', pattern: '^[a-z]+$' },
            },
          },
        },
      },
    });
    expect(source).toMatch(/id: number;/);
    expect(source).toMatch(/parent_id: null \| number;/);
    expect(source).toMatch(/code\?: string;/);
  });
});
