/**
 * `npm run codegen` writes the checked-in schema files and the typed documents the tests run:
 *   schema/schema.graphql     the client-facing API (what frontends generate types from)
 *   schema/subgraph.graphql   the Federation v2 subgraph SDL, exactly as `_service { sdl }` returns it
 *   test/generated/           typed documents for schema/operations/*.graphql (client preset)
 *   examples/web/src/gql/     typed documents for the reference web app's own operations (the .graphql files under examples/web/src/)
 *   schema/trusted-documents.json  hash → document for both sets of operations, for TRUSTED_DOCUMENTS=1
 * CI regenerates them and fails when the checked-in copies differ.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { CodegenConfig } from '@graphql-codegen/cli';
import { addTypenameSelectionDocumentTransform } from '@graphql-codegen/client-preset';
import { printSchema } from 'graphql';
import { clientSchema, subgraphSdl } from './src/schema/index.js';

const clientSdl = printSchema(clientSchema);

/** A one-line plugin: emit the text it is given. schema-ast would reprint the SDL and drop @link/@key. */
const verbatim = { plugin: (_schema: unknown, _documents: unknown, config: { content: string }) => config.content };

/** Where the client preset writes each target's hash → document list, and where the gateway reads their union. */
const PERSISTED_DOCUMENT_SOURCES = ['test/generated/persisted-documents.json', 'examples/web/src/gql/persisted-documents.json'];
const TRUSTED_DOCUMENTS_FILE = 'schema/trusted-documents.json';

/**
 * The union of several hash → document lists. The same hash with the same text (an operation both sets share) is
 * one entry; the same hash with two different texts cannot be both, so it stops codegen instead of picking one.
 * Hand-written: the client preset writes one list per target and has no option to merge them.
 */
export function mergeTrustedDocuments(sources: ReadonlyArray<{ name: string; documents: Readonly<Record<string, string>> }>): Record<string, string> {
  const merged: Record<string, string> = {};
  const from: Record<string, string> = {};
  for (const { name, documents } of sources) {
    for (const [hash, text] of Object.entries(documents)) {
      const seen = merged[hash];
      if (seen !== undefined && seen !== text) {
        throw new Error(`Trusted documents: ${hash} names two different documents, in ${from[hash]} and in ${name}:\n${seen}\n${text}`);
      }
      merged[hash] = text;
      from[hash] ??= name;
    }
  }
  return merged;
}

function writeTrustedDocuments(): void {
  const sources = PERSISTED_DOCUMENT_SOURCES.map((name) => ({ name, documents: JSON.parse(readFileSync(name, 'utf8')) as Record<string, string> }));
  // The client preset's own format: two-space JSON and a final newline.
  writeFileSync(TRUSTED_DOCUMENTS_FILE, `${JSON.stringify(mergeTrustedDocuments(sources), null, 2)}\n`);
}

/**
 * What both client-preset targets share. persistedDocuments: each typed document carries its sha256 hash, and
 * persisted-documents.json maps hashes to documents: the two targets' lists are the manifest TRUSTED_DOCUMENTS=1
 * accepts (merged into schema/ by the afterAllFileWrite hook, where the server reads it).
 */
const CLIENT_PRESET = {
  preset: 'client',
  presetConfig: { fragmentMasking: false, persistedDocuments: { hashAlgorithm: 'sha256' } },
  config: {
    useTypeImports: true,
    enumsAsTypes: true,
    scalars: { DateTime: 'string' },
    // .js suffixes resolve under both the app's bundler resolution and the tests' NodeNext.
    importExtension: '.js',
  },
} as const;

const config: CodegenConfig = {
  overwrite: true,
  pluginLoader: async (name: string) => (name === 'verbatim' ? verbatim : import(name)),
  hooks: {
    afterAllFileWrite: [writeTrustedDocuments],
  },
  generates: {
    'schema/schema.graphql': {
      schema: clientSdl,
      plugins: [{ verbatim: { content: `${clientSdl}\n` } }],
    },
    'schema/subgraph.graphql': {
      schema: clientSdl,
      plugins: [{ verbatim: { content: `${subgraphSdl()}\n` } }],
    },
    'test/generated/': {
      schema: clientSdl,
      documents: 'schema/operations/*.graphql',
      ...CLIENT_PRESET,
    },
    // The reference frontend (docs/web.md) generates from the same client schema a frontend team would download:
    // a schema change that breaks one of its operations fails codegen, and a changed type fails its typecheck.
    'examples/web/src/gql/': {
      schema: clientSdl,
      // The app sends its operations by hash (examples/web/src/persisted.ts), so a TRUSTED_DOCUMENTS=1 gateway runs
      // them: persisted-documents.json here joins schema/trusted-documents.json.
      documents: 'examples/web/src/**/*.graphql',
      ...CLIENT_PRESET,
      // Sent by hash, the document the gateway runs is the manifest's, not the one urql would have sent with
      // __typename added to every selection; urql's document cache needs those __typename fields to know which
      // cached queries a mutation's answer invalidates, so they are written into the documents themselves.
      documentTransforms: [addTypenameSelectionDocumentTransform],
    },
  },
};

export default config;
