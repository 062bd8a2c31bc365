/**
 * `_entities` with a representation it cannot use (not an object; `__typename` missing, not a string, or naming no
 * entity of this subgraph): `@apollo/subgraph` throws a plain Error from inside its `representations.map`, so the
 * whole field fails as INTERNAL_SERVER_ERROR and every good representation is lost with the bad one. This guard
 * answers each bad representation with its own BAD_USER_INPUT (a GraphQLError as a list item is a field error at
 * that index in graphql-js) and resolves the others as usual.
 */
import { GraphQLError, getNamedType, isUnionType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { ErrorCode } from './errors.js';

const guarded = new WeakSet<GraphQLSchema>();

/** Why a representation cannot be resolved, or undefined when it can be handed to the entity's resolveReference. */
export function representationProblem(representation: unknown, entityTypes: ReadonlySet<string>): string | undefined {
  if (representation === null || typeof representation !== 'object' || Array.isArray(representation)) {
    return 'Each representation must be an object with __typename and the key fields of the entity.';
  }
  const typename = (representation as { __typename?: unknown }).__typename;
  if (typeof typename !== 'string') return 'Each representation must have __typename, a string naming an entity type.';
  if (!entityTypes.has(typename)) {
    return `__typename ${JSON.stringify(typename.slice(0, 64))} is not an entity of this subgraph (${[...entityTypes].sort().join(', ')}).`;
  }
  return undefined;
}

/** Wraps the schema's `_entities` resolver in place, once. */
export function guardEntities(schema: GraphQLSchema): GraphQLSchema {
  if (guarded.has(schema)) return schema;
  guarded.add(schema);
  const field = schema.getQueryType()?.getFields()._entities;
  if (!field?.resolve) return schema;
  const entityUnion = getNamedType(field.type);
  const entityTypes = new Set(isUnionType(entityUnion) ? entityUnion.getTypes().map((type) => type.name) : []);
  const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve;
  field.resolve = (source, args: { representations?: unknown }, context, info) => {
    const representations = Array.isArray(args.representations) ? (args.representations as unknown[]) : [];
    const problems = representations.map((representation) => representationProblem(representation, entityTypes));
    if (problems.every((problem) => problem === undefined)) return resolve(source, args, context, info);
    const good = representations.filter((_representation, index) => problems[index] === undefined);
    const resolved = good.length > 0 ? (resolve(source, { ...args, representations: good }, context, info) as unknown[]) : [];
    let next = 0;
    return problems.map((problem) =>
      problem === undefined ? resolved[next++] : new GraphQLError(problem, { extensions: { code: ErrorCode.badUserInput, argument: 'representations' } }),
    );
  };
  return schema;
}
