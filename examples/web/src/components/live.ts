import { useEffect, useMemo, useRef } from 'react';
import { useSubscription } from 'urql';
import { GroupChangedDocument, ViewerGroupsChangedDocument } from '../gql/graphql.js';

/**
 * Live updates. A change names a group; the screen showing it refetches its query (as the signed-in user, so nobody
 * sees more than their own queries would show). Only a change that arrived refetches: a failing or cut event stream
 * never turns into polling.
 */
function useLatest<T>(value: T) {
  const ref = useRef(value);
  useEffect(() => {
    ref.current = value;
  });
  return ref;
}

/** Follows the groups on screen (groupChanged) and calls onChange for each change. Re-subscribes only when the ids change. */
export function useLiveGroups(ids: readonly string[], onChange: () => void): void {
  const key = [...new Set(ids)].sort().join(',');
  const variables = useMemo(() => ({ ids: key ? key.split(',') : [] }), [key]);
  const latest = useLatest(onChange);
  useSubscription({ query: GroupChangedDocument, variables, pause: !key }, (_previous, change) => {
    latest.current();
    return change;
  });
}

/** Follows the caller's own memberships, requests and invitations (viewerGroupsChanged). */
export function useLiveViewerGroups(onChange: () => void): void {
  const latest = useLatest(onChange);
  useSubscription({ query: ViewerGroupsChangedDocument }, (_previous, change) => {
    latest.current();
    return change;
  });
}
