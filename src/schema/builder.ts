/**
 * The one Pothos builder. Plugin order matters: errors wraps resolvers, so it comes before federation, which must
 * see the final resolvers; directives must be registered (not only installed) or the SDL silently loses @key/@link.
 */
import SchemaBuilder from '@pothos/core';
import DirectivesPlugin from '@pothos/plugin-directives';
import ErrorsPlugin from '@pothos/plugin-errors';
import FederationPlugin from '@pothos/plugin-federation';
import RelayPlugin from '@pothos/plugin-relay';
import { DateTimeResolver } from 'graphql-scalars';
import type { GatewayContext } from './context.js';

export const builder = new SchemaBuilder<{
  Context: GatewayContext;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    ID: { Input: string; Output: string | number };
  };
}>({
  plugins: [ErrorsPlugin, RelayPlugin, DirectivesPlugin, FederationPlugin],
  // Non-null by default: entity keys are `ID!` in every subgraph, and composition stays free of nullability hints.
  defaultFieldNullability: false,
  // Without this, codegen fails on Pothos directives with "Syntax Error: Expected Name, found Int".
  directives: { useGraphQLToolsUnorderedDirectives: true },
  relay: {
    cursorType: 'String',
    // No global Node interface: ids are Bitrix24's own numeric ids, keyed by federation instead.
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    clientMutationId: 'omit',
    nodesOnConnection: {},
  },
  errors: {
    directResult: true,
  },
});

builder.addScalarType('DateTime', DateTimeResolver);

builder.queryType({});
builder.mutationType({});
