/** codegen.ts's merge of the per-target persisted-document lists into schema/trusted-documents.json. */
import { describe, expect, it } from 'vitest';
import { mergeTrustedDocuments } from '../../codegen.js';

type Source = { name: string; documents: Record<string, string> };

describe('mergeTrustedDocuments', () => {
  it.each<{ case: string; sources: Source[]; merged: Record<string, string> }>([
    { case: 'no lists', sources: [], merged: {} },
    { case: 'one list, as it is', sources: [{ name: 'a', documents: { 'sha256:1': 'query A { a }' } }], merged: { 'sha256:1': 'query A { a }' } },
    {
      case: 'two lists: their union, first list first',
      sources: [
        { name: 'a', documents: { 'sha256:2': 'query B { b }', 'sha256:1': 'query A { a }' } },
        { name: 'b', documents: { 'sha256:3': 'query C { c }' } },
      ],
      merged: { 'sha256:2': 'query B { b }', 'sha256:1': 'query A { a }', 'sha256:3': 'query C { c }' },
    },
    {
      case: 'a document both lists hold: once',
      sources: [
        { name: 'a', documents: { 'sha256:1': 'query A { a }' } },
        { name: 'b', documents: { 'sha256:1': 'query A { a }', 'sha256:3': 'query C { c }' } },
      ],
      merged: { 'sha256:1': 'query A { a }', 'sha256:3': 'query C { c }' },
    },
  ])('$case', ({ sources, merged }) => {
    const result = mergeTrustedDocuments(sources);
    expect(result).toEqual(merged);
    expect(Object.keys(result)).toEqual(Object.keys(merged));
  });

  it('fails loudly, naming the hash and both lists, when one hash maps to two different documents', () => {
    const sources = [
      { name: 'test/generated/persisted-documents.json', documents: { 'sha256:1': 'query A { a }' } },
      { name: 'examples/web/src/gql/persisted-documents.json', documents: { 'sha256:1': 'query A { b }' } },
    ];
    expect(() => mergeTrustedDocuments(sources)).toThrow(
      'Trusted documents: sha256:1 names two different documents, in test/generated/persisted-documents.json and in examples/web/src/gql/persisted-documents.json',
    );
  });
});
