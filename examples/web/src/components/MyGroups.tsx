import { useQuery } from 'urql';
import { MyGroupsDocument } from '../gql/graphql.js';
import type { Outcome } from '../outcome.js';
import { GroupRow } from './GroupRow.js';
import { useLiveGroups, useLiveViewerGroups } from './live.js';
import { Problem } from './Problem.js';

export function MyGroups({ onOutcome }: { onOutcome: (outcome: Outcome) => void }) {
  const [{ data, error, fetching }, refetch] = useQuery({ query: MyGroupsDocument });
  const refresh = () => refetch({ requestPolicy: 'network-only' });
  useLiveViewerGroups(refresh);
  useLiveGroups(data?.viewer.groups.flatMap((entry) => (entry.group ? [entry.group.id] : [])) ?? [], refresh);
  if (error) return <Problem error={error} />;
  if (!data) return <p aria-busy={fetching}>Loading…</p>;
  const groups = data.viewer.groups.flatMap((entry) => (entry.group ? [entry.group] : []));
  return (
    <section>
      <h1>My groups</h1>
      <p className="hint">
        Where {data.viewer.user.fullName} is owner, moderator or member ({groups.length}).
      </p>
      <ul className="groups" data-testid="my-groups">
        {groups.map((group) => (
          <GroupRow key={group.id} group={group} onOutcome={onOutcome} />
        ))}
      </ul>
    </section>
  );
}
