import { useQuery } from 'urql';
import { GroupDetailDocument } from '../gql/graphql.js';
import type { Outcome } from '../outcome.js';
import { GroupActions } from './GroupActions.js';
import { groupKind } from './GroupRow.js';
import { useLiveGroups } from './live.js';
import { PendingRequests } from './PendingRequests.js';
import { Problem } from './Problem.js';

const ROLE_LABEL = { OWNER: 'owner', MODERATOR: 'moderator', MEMBER: 'member' } as const;

/**
 * One group: what it is, the caller's place in it with the buttons for it, its pending requests when the caller may
 * answer them, and its member list. Follows the group live.
 */
export function GroupPage({ groupId, onOutcome }: { groupId: string; onOutcome: (outcome: Outcome) => void }) {
  const [{ data, error }, refetch] = useQuery({ query: GroupDetailDocument, variables: { id: groupId } });
  useLiveGroups([groupId], () => refetch({ requestPolicy: 'network-only' }));
  if (error) return <Problem error={error} />;
  if (!data) return <p aria-busy>Loading…</p>;
  const group = data.group;
  if (!group) {
    return (
      <section>
        <h1>Group not found</h1>
        <p>Group {groupId} does not exist, or it is secret and you are not a member.</p>
      </section>
    );
  }
  return (
    <section>
      <h1>{group.name}</h1>
      <p className="hint">
        {groupKind(group)} {group.isProject ? 'project' : 'group'}
        {group.subject ? ` · ${group.subject}` : ''} · owner {group.owner?.fullName ?? 'unknown'}
      </p>
      {group.description && <p>{group.description}</p>}
      <GroupActions group={group} onOutcome={onOutcome} />
      {group.viewerCan.processRequests && <PendingRequests groupId={group.id} onOutcome={onOutcome} />}
      <h2>Members ({group.members.length})</h2>
      <ul className="members" data-testid="members">
        {group.members.map((member) => (
          <li key={member.user.id}>
            <span className={member.user.isOnline ? 'online' : 'offline'} title={member.user.isOnline ? 'online' : 'offline'} />
            {member.user.fullName}
            {member.user.workPosition ? <span className="hint"> · {member.user.workPosition}</span> : null}
            <span className="badge">{ROLE_LABEL[member.role]}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
