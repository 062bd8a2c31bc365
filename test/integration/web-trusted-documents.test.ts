/**
 * The reference app (examples/web) and TRUSTED_DOCUMENTS=1: every operation the app has is in
 * schema/trusted-documents.json under the hash the app sends, with the app's own text; a gateway with trusted
 * documents runs it by that hash and refuses the same text sent as a query (so the app must send hashes).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Kind, parse, print, visit, type DefinitionNode, type DocumentNode, type SelectionNode } from 'graphql';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as webDocuments from '../../examples/web/src/gql/graphql.js';
import { DEMO_TOKENS } from '../../src/sandbox/index.js';
import { startHarness, type Harness } from '../helpers/harness.js';

const ROOT = new URL('../../', import.meta.url);
const WEB_SOURCES = new URL('examples/web/src/', ROOT);
const manifest = JSON.parse(readFileSync(new URL('schema/trusted-documents.json', ROOT), 'utf8')) as Record<string, string>;

/** Every definition of the app's .graphql files, by name (operations and fragments). */
const sourceDefinitions = new Map<string, DefinitionNode>();
for (const file of readdirSync(fileURLToPath(WEB_SOURCES), { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.graphql'))) {
  for (const definition of parse(readFileSync(new URL(file, WEB_SOURCES), 'utf8')).definitions) {
    if ('name' in definition && definition.name) sourceDefinitions.set(definition.name.value, definition);
  }
}
const operationNames = [...sourceDefinitions.values()].flatMap((definition) =>
  definition.kind === Kind.OPERATION_DEFINITION && definition.name ? [definition.name.value] : [],
);

/**
 * A definition as a comparable string, written here rather than with the client preset's own printer so that the
 * check does not share the code it checks: without the `__typename` fields codegen adds for urql's cache, with
 * every selection set, variable list and argument list in one order (the manifest's text is sorted).
 */
function canonical(definition: DefinitionNode): string {
  const keyOf = (selection: SelectionNode): string =>
    selection.kind === Kind.FIELD
      ? `${selection.alias?.value ?? selection.name.value}`
      : selection.kind === Kind.FRAGMENT_SPREAD
        ? `...${selection.name.value}`
        : `... on ${selection.typeCondition?.name.value ?? ''}`;
  const normalised = visit(definition, {
    Field: (field) => (field.name.value === '__typename' && !field.alias ? null : undefined),
    SelectionSet: { leave: (set) => ({ ...set, selections: [...set.selections].sort((a, b) => keyOf(a).localeCompare(keyOf(b))) }) },
    OperationDefinition: {
      leave: (operation) => ({
        ...operation,
        variableDefinitions: [...(operation.variableDefinitions ?? [])].sort((a, b) => a.variable.name.value.localeCompare(b.variable.name.value)),
      }),
    },
  });
  return print(normalised);
}

/** The hash the app sends for an operation: the one codegen embedded in its typed document. */
function sentHash(operationName: string): string {
  const document = (webDocuments as Record<string, unknown>)[`${operationName}Document`] as { __meta__?: { hash?: string } } | undefined;
  if (!document?.__meta__?.hash) throw new Error(`examples/web/src/gql/graphql.ts has no ${operationName}Document with a hash`);
  return document.__meta__.hash;
}

describe("the reference app's operations in the trusted-documents manifest", () => {
  it('finds the operations of examples/web/src', () => {
    expect(operationNames).toEqual(expect.arrayContaining(['BrowseGroups', 'MyGroups', 'RequestMembership', 'GroupChanged', 'ViewerGroupsChanged']));
  });

  it.each(operationNames)('%s: in the manifest under the hash the app sends, with the text of its .graphql file', (name) => {
    const hash = sentHash(name);
    const text = manifest[hash];
    expect(text, `schema/trusted-documents.json has no ${hash} (${name}): run npm run codegen`).toBeDefined();
    // The hash is the text's: a gateway that looks it up runs exactly this text.
    expect(`sha256:${createHash('sha256').update(text!).digest('hex')}`).toBe(hash);
    const manifestDocument: DocumentNode = parse(text!);
    const operations = manifestDocument.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
    expect(operations.map((operation) => operation.name?.value)).toEqual([name]);
    // Each definition (the operation and the fragments it spreads) is the app's own, field for field.
    for (const definition of manifestDocument.definitions) {
      const definitionName = 'name' in definition ? definition.name?.value : undefined;
      const source = definitionName === undefined ? undefined : sourceDefinitions.get(definitionName);
      expect(source, `${definitionName} is not defined in examples/web/src`).toBeDefined();
      expect(canonical(definition)).toBe(canonical(source!));
    }
  });
});

describe('a gateway with TRUSTED_DOCUMENTS=1 and the app', () => {
  let trusted: Harness;
  let open: Harness;
  beforeAll(async () => {
    [trusted, open] = await Promise.all([startHarness({ env: { TRUSTED_DOCUMENTS: '1' } }), startHarness()]);
  });
  afterAll(() => Promise.all([trusted?.close(), open?.close()]));

  const post = async (url: string, body: Record<string, unknown>) => {
    const response = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${DEMO_TOKENS.user}` },
      body: JSON.stringify(body),
    });
    return { status: response.statusCode, json: (await response.body.json()) as { data?: Record<string, unknown>; errors?: Array<{ message: string; extensions?: unknown }> } };
  };
  const variables = { first: 5, after: null, nameContains: null };

  it("runs the app's BrowseGroups sent by its hash", async () => {
    const { json } = await post(trusted.url, { documentId: sentHash('BrowseGroups'), variables });
    expect(json.errors).toBeUndefined();
    expect((json.data?.groups as { nodes: unknown[] }).nodes.length).toBeGreaterThan(0);
  });

  it('refuses the same document sent as text, though its hash is listed, before any upstream call', async () => {
    trusted.sandbox.clearLog();
    const { json } = await post(trusted.url, { query: manifest[sentHash('BrowseGroups')], variables });
    expect(json.data).toBeUndefined();
    expect(json.errors?.map((error) => error.extensions)).toEqual([{ code: 'PERSISTED_QUERY_NOT_IN_LIST' }]);
    expect(trusted.upstreamRequests()).toHaveLength(0);
  });

  it('a gateway without TRUSTED_DOCUMENTS does not take a hash: why the app sends hashes only when built for one', async () => {
    const { status, json } = await post(open.url, { documentId: sentHash('BrowseGroups'), variables });
    expect(status).toBe(400);
    expect(json.errors?.[0]?.message).toBe('Unexpected parameter "documentId" in the request body.');
  });
});
