/**
 * Selection lookahead: whether the field being resolved selects a given field somewhere below it, so that a list
 * field can queue, in its own tick, a read its children will need (Group.membershipRequests' gate facts).
 *
 * Hand-written rather than graphql-parse-resolve-info: that library resolves the whole typed field tree against the
 * schema (and its exact output shape per type name), while this needs one yes/no by field name along a path; about
 * thirty lines over the document's own nodes, with no schema lookup, no Pothos coupling and no new dependency.
 *
 * Field names are matched, never aliases; fragment spreads and inline fragments are followed (type conditions are
 * not checked: below a Group, only Group has the field). `@skip`/`@include` are not evaluated: a look-ahead for a
 * skipped field only queues one call in a batch that leaves anyway, and decides nothing.
 */
import { Kind, type FragmentDefinitionNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

export type SelectionInfo = Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>;

/** The paths below a Relay connection of groups that reach a group: `nodes` and `edges.node`. */
const CONNECTION_NODE_PATHS: readonly (readonly string[])[] = [['nodes'], ['edges', 'node']];

/** Sub-selections of the fields named `name` in `sets`, through fragments. Pure. */
function childSets(sets: readonly SelectionSetNode[], name: string, fragments: Record<string, FragmentDefinitionNode>): SelectionSetNode[] {
  const out: SelectionSetNode[] = [];
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === name) out.push(selection.selectionSet ?? { kind: Kind.SELECTION_SET, selections: [] });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet);
      } else {
        const fragment = fragments[selection.name.value];
        // A fragment spread twice (or, in an invalid document, in a cycle) is walked once.
        if (fragment && !seen.has(fragment.name.value)) {
          seen.add(fragment.name.value);
          walk(fragment.selectionSet);
        }
      }
    }
  };
  for (const set of sets) walk(set);
  return out;
}

/** True when the resolving field selects `path` (field names, outermost first) below itself. Pure. */
export function selectsPath(info: SelectionInfo, path: readonly string[]): boolean {
  let sets = info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  for (const name of path) {
    sets = childSets(sets, name, info.fragments);
    if (sets.length === 0) return false;
  }
  return true;
}

/** True when the resolving connection field selects `field` on its nodes (`nodes { … }` or `edges { node { … } }`). */
export function connectionNodesSelect(info: SelectionInfo, field: string): boolean {
  return CONNECTION_NODE_PATHS.some((path) => selectsPath(info, [...path, field]));
}
