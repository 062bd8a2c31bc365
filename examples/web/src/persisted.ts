/**
 * Sends each operation by its hash instead of its text (GraphQL over HTTP persisted documents: `{"documentId":
 * "sha256:…"}`), which is what a gateway with TRUSTED_DOCUMENTS=1 accepts. The hash is the one codegen's client
 * preset embeds in every generated document (`__meta__.hash`, presetConfig.persistedDocuments in codegen.ts), and
 * the same codegen run puts that hash and its text into schema/trusted-documents.json.
 *
 * Hand-written because it is one map over operations: urql's own fetch body already sends `documentId` for a
 * document that carries one and no definitions (makeFetchBody). @urql/exchange-persisted would send the Apollo APQ
 * extension instead (the gateway accepts that too), for one more dependency. Placed after the cache exchange, so the
 * cache still keys, stores and invalidates by the full typed document; only what goes on the wire changes.
 */
import { makeOperation, mapExchange, type Exchange, type Operation, type PersistedDocument } from '@urql/core';

/** The hash the client preset embedded in a generated document, if any. */
export function documentIdOf(document: unknown): string | undefined {
  const hash = (document as { __meta__?: { hash?: unknown } } | null)?.__meta__?.hash;
  return typeof hash === 'string' && hash !== '' ? hash : undefined;
}

/** The operation with its document replaced by the document's id; unchanged when it has none (it is sent as text). */
export function byDocumentId(operation: Operation): Operation {
  const documentId = documentIdOf(operation.query);
  if (operation.kind === 'teardown' || documentId === undefined) return operation;
  const query = { kind: 'Document', definitions: [], documentId } as unknown as PersistedDocument;
  return makeOperation(operation.kind, { ...operation, query }, operation.context);
}

export const documentIdExchange: Exchange = mapExchange({ onOperation: byDocumentId });
