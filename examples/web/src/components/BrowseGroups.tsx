import { useEffect, useState } from 'react';
import { useQuery } from 'urql';
import { BrowseGroupsDocument } from '../gql/graphql.js';
import type { Outcome } from '../outcome.js';
import { GroupRow } from './GroupRow.js';
import { useLiveGroups } from './live.js';
import { Problem } from './Problem.js';

const PAGE_SIZE = 10;

/** Waits until the user stops typing, so that a search costs one request, not one per keystroke. */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * Every group the caller may see, searched by name and paged with the connection's cursors. Going back re-uses the
 * cursor that led to the previous page (`after`), kept in a stack, since `groups` pages forward.
 */
export function BrowseGroups({ onOutcome }: { onOutcome: (outcome: Outcome) => void }) {
  const [search, setSearch] = useState('');
  const nameContains = useDebounced(search.trim(), 250);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  useEffect(() => setCursors([null]), [nameContains]);
  const after = cursors[cursors.length - 1] ?? null;

  const [{ data, error, fetching }, refetch] = useQuery({
    query: BrowseGroupsDocument,
    variables: { first: PAGE_SIZE, after, filter: nameContains ? { nameContains } : null },
  });

  useLiveGroups(data?.groups?.nodes.map((group) => group.id) ?? [], () => refetch({ requestPolicy: 'network-only' }));
  const page = data?.groups;
  const pageNumber = cursors.length;
  return (
    <section>
      <h1>All groups</h1>
      <label className="search">
        Search by name{' '}
        <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} placeholder="e.g. Falcon" />
      </label>
      {error && <Problem error={error} />}
      {page && (
        <>
          <p className="hint" data-testid="page-info">
            {page.totalCount} groups, page {pageNumber} of {Math.max(1, Math.ceil(page.totalCount / PAGE_SIZE))}
          </p>
          <ul className="groups" data-testid="all-groups" aria-busy={fetching}>
            {page.nodes.map((group) => (
              <GroupRow key={group.id} group={group} onOutcome={onOutcome} />
            ))}
          </ul>
          <div className="pager">
            <button type="button" disabled={pageNumber === 1} onClick={() => setCursors((stack) => stack.slice(0, -1))}>
              Previous page
            </button>
            <button
              type="button"
              disabled={!page.pageInfo.hasNextPage}
              onClick={() => setCursors((stack) => [...stack, page.pageInfo.endCursor ?? null])}
            >
              Next page
            </button>
          </div>
        </>
      )}
      {!page && !error && <p aria-busy>Loading…</p>}
    </section>
  );
}
