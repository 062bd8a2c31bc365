/** The selection lookahead as a table: where membershipRequests sits below a list field, through every GraphQL form. */
import { Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { connectionNodesSelect, selectsPath, type SelectionInfo } from '../../../src/schema/selection.js';

/** The info of the operation's first root field, as graphql-js builds it: its field nodes and the document's fragments. */
function infoOf(document: string): SelectionInfo {
  const parsed = parse(document);
  const operation = parsed.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION)!;
  const root = operation.selectionSet.selections[0]!;
  if (root.kind !== Kind.FIELD) throw new Error('the first root selection must be a field');
  const fragments = Object.fromEntries(
    parsed.definitions
      .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment]),
  );
  return { fieldNodes: [root], fragments };
}

describe('connectionNodesSelect(info, "membershipRequests") on groups(…)', () => {
  it.each([
    ['nodes', '{ groups { nodes { id membershipRequests { totalCount } } } }', true],
    ['edges.node', '{ groups { edges { cursor node { membershipRequests(first: 5) { totalCount } } } } }', true],
    ['a fragment spread on the node', '{ groups { nodes { ...G } } } fragment G on Group { id membershipRequests { totalCount } }', true],
    ['a fragment spread on the connection', '{ groups { ...C } } fragment C on GroupConnection { edges { node { membershipRequests { totalCount } } } }', true],
    ['nested fragments', '{ groups { ...C } } fragment C on GroupConnection { nodes { ...G } } fragment G on Group { membershipRequests { totalCount } }', true],
    ['an inline fragment', '{ groups { nodes { ... on Group { membershipRequests { totalCount } } } } }', true],
    ['an inline fragment without type condition', '{ groups { ... { nodes { membershipRequests { totalCount } } } } }', true],
    ['an alias of the field', '{ groups { nodes { pending: membershipRequests { totalCount } } } }', true],
    ['an alias of nodes', '{ groups { items: nodes { membershipRequests { totalCount } } } }', true],
    ['absent', '{ groups { nodes { id name viewerCan { processRequests } } } }', false],
    ['an alias named like the field', '{ groups { nodes { membershipRequests: name } } }', false],
    ['the field under another field of the node', '{ groups { nodes { owner { membershipRequests { totalCount } } } } }', false],
    ['node outside edges', '{ groups { pageInfo { hasNextPage } node { membershipRequests { totalCount } } } }', false],
    ['an unknown fragment', '{ groups { nodes { ...Missing } } }', false],
    ['a fragment cycle (invalid, still terminates)', '{ groups { nodes { ...A } } } fragment A on Group { ...B } fragment B on Group { ...A }', false],
  ] as const)('%s → %s', (_case, document, expected) => {
    expect(connectionNodesSelect(infoOf(document), 'membershipRequests')).toBe(expected);
  });
});

describe('selectsPath(info, ["membershipRequests"]) on group(id:)', () => {
  it.each([
    ['directly', '{ group(id: 1) { id membershipRequests { totalCount } } }', true],
    ['through a fragment', '{ group(id: 1) { ...G } } fragment G on Group { membershipRequests { nodes { id } } }', true],
    ['under an alias', '{ g: group(id: 1) { r: membershipRequests { totalCount } } }', true],
    ['absent', '{ group(id: 1) { id members { role } } }', false],
    ['a leaf field (no selection)', '{ viewer }', false],
  ] as const)('%s → %s', (_case, document, expected) => {
    expect(selectsPath(infoOf(document), ['membershipRequests'])).toBe(expected);
  });
});
