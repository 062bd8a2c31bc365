/**
 * TRUSTED_DOCUMENTS=1: only the operations of schema/operations/, by hash, from the manifest `npm run codegen`
 * writes. yoga's persisted-operations plugin does the work.
 */
import { readFileSync } from 'node:fs';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../schema/context.js';

export function loadTrustedDocuments(path: string | URL): Map<string, string> {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`TRUSTED_DOCUMENTS=1 needs the manifest that \`npm run codegen\` writes (${String(path)}): ${(error as Error).message}`);
  }
  const documents = new Map<string, string>();
  for (const [hash, document] of Object.entries(manifest as Record<string, string>)) {
    documents.set(hash, document);
    // Accept the bare hex digest too: APQ-style clients send extensions.persistedQuery.sha256Hash without a prefix.
    documents.set(hash.replace(/^sha256:/, ''), document);
  }
  return documents;
}

/**
 * The persisted-operation id a request names: `documentId` (GraphQL over HTTP persisted documents, what codegen's
 * client preset sends) or the Apollo APQ extension; null when it names none. HTTP (below) and graphql-ws share it.
 */
export function persistedOperationId(params: { extensions?: Record<string, unknown> | null | undefined }): string | null {
  const documentId = (params as { documentId?: unknown }).documentId;
  if (typeof documentId === 'string') return documentId;
  const hash = (params.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined)?.sha256Hash;
  return typeof hash === 'string' ? hash : null;
}

/** The one refusal of a document that is not in the manifest (query text included), over HTTP and graphql-ws. */
export const NOT_IN_LIST = {
  message: 'This gateway accepts only its documented operations (TRUSTED_DOCUMENTS=1): send the documentId, not the query text.',
  extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST' },
} as const;

export function useTrustedDocuments(documents: ReadonlyMap<string, string>): Plugin<GatewayContext> {
  return usePersistedOperations<GatewayContext>({
    getPersistedOperation: (key) => documents.get(key) ?? null,
    extractPersistedOperationId: persistedOperationId,
    allowArbitraryOperations: false,
    skipDocumentValidation: false,
    customErrors: {
      // A document sent as text is not in the list either: one refusal, one code (yoga's default here is
      // CANNOT_SEND_PQ_ID_AND_BODY, which names neither the problem nor the fix).
      persistedQueryOnly: { message: NOT_IN_LIST.message, extensions: { ...NOT_IN_LIST.extensions } },
    },
  });
}
