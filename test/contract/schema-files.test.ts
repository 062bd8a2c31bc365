import { readFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { clientSchema, subgraphSdl } from '../../src/schema/index.js';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('checked-in schema files', () => {
  it('schema/schema.graphql is what the code prints (run `npm run codegen` when this fails)', () => {
    expect(read('schema/schema.graphql')).toBe(`${printSchema(clientSchema)}\n`);
  });

  it('schema/subgraph.graphql is the `_service { sdl }` of the running subgraph', () => {
    expect(read('schema/subgraph.graphql')).toBe(`${subgraphSdl()}\n`);
  });

  it('the client schema carries no federation plumbing', () => {
    const sdl = read('schema/schema.graphql');
    expect(sdl).not.toMatch(/_entities|_service|@key|@link/);
    expect(read('schema/subgraph.graphql')).toMatch(/type Group\s+@key\(fields: "id"\)/);
  });
});
