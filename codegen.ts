/**
 * `npm run codegen` writes the checked-in schema files and the typed documents the tests run:
 *   schema/schema.graphql     the client-facing API (what frontends generate types from)
 *   schema/subgraph.graphql   the Federation v2 subgraph SDL, exactly as `_service { sdl }` returns it
 *   test/generated/           typed documents for schema/operations/*.graphql (client preset)
 *   schema/trusted-documents.json  hash → document for those operations, for TRUSTED_DOCUMENTS=1
 *   examples/web/src/gql/     typed documents for the reference web app's own operations (the .graphql files under examples/web/src/)
 * CI regenerates them and fails when the checked-in copies differ.
 */
import { copyFileSync } from 'node:fs';
import type { CodegenConfig } from '@graphql-codegen/cli';
import { printSchema } from 'graphql';
import { clientSchema, subgraphSdl } from './src/schema/index.js';

const clientSdl = printSchema(clientSchema);

/** A one-line plugin: emit the text it is given. schema-ast would reprint the SDL and drop @link/@key. */
const verbatim = { plugin: (_schema: unknown, _documents: unknown, config: { content: string }) => config.content };

const config: CodegenConfig = {
  overwrite: true,
  pluginLoader: async (name: string) => (name === 'verbatim' ? verbatim : import(name)),
  hooks: {
    afterAllFileWrite: [() => copyFileSync('test/generated/persisted-documents.json', 'schema/trusted-documents.json')],
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
      preset: 'client',
      // persistedDocuments: each typed document carries its sha256 hash, and persisted-documents.json maps hashes to
      // documents: the manifest TRUSTED_DOCUMENTS=1 accepts (copied to schema/ below, where the server reads it).
      presetConfig: { fragmentMasking: false, persistedDocuments: { hashAlgorithm: 'sha256' } },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string' },
        importExtension: '.js',
      },
    },
    // The reference frontend (docs/web.md) generates from the same client schema a frontend team would download:
    // a schema change that breaks one of its operations fails codegen, and a changed type fails its typecheck.
    'examples/web/src/gql/': {
      schema: clientSdl,
      documents: 'examples/web/src/**/*.graphql',
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string' },
        // .js suffixes resolve under both the app's bundler resolution and the tests' NodeNext.
        importExtension: '.js',
      },
    },
  },
};

export default config;
