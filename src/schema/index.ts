/** Assembles the schema: importing each type file registers its types and root fields on the builder. */
import { graphqlSync, lexicographicSortSchema, type GraphQLSchema } from 'graphql';
import { builder } from './builder.js';
import './types/user.js';
import './types/group.js';
import './types/viewer.js';
import './workgroup-errors.js';
import './types/membership.js';
import './types/lifecycle.js';

/** The schema the gateway serves: the client API plus Federation v2's `_service` and `_entities`. */
export const subgraphSchema: GraphQLSchema = builder.toSubGraphSchema({
  linkUrl: 'https://specs.apollo.dev/federation/v2.6',
  federationDirectives: ['@key', '@shareable'],
  sortSchema: true,
});

/** The client-facing API, without federation plumbing: what frontends generate types from. */
export const clientSchema: GraphQLSchema = lexicographicSortSchema(builder.toSchema());

/** The SDL that `_service { sdl }` returns: Federation v2 with @link and @key, for composition and registries. */
export function subgraphSdl(): string {
  const result = graphqlSync({ schema: subgraphSchema, source: '{ _service { sdl } }' });
  const sdl = (result.data?._service as { sdl?: unknown } | undefined)?.sdl;
  if (typeof sdl !== 'string') throw new Error('the subgraph schema did not print its SDL');
  return sdl;
}
