import type { GroupSummaryFragment } from '../gql/graphql.js';
import type { Outcome } from '../outcome.js';
import { hrefOf } from '../route.js';
import { GroupActions } from './GroupActions.js';

export function groupKind(group: Pick<GroupSummaryFragment, 'isOpen' | 'isVisible'>): string {
  if (!group.isVisible) return 'secret';
  return group.isOpen ? 'open' : 'closed';
}

/** One group in a list: name, kind, size, the caller's place in it, and what the caller may do. */
export function GroupRow({ group, onOutcome }: { group: GroupSummaryFragment; onOutcome: (outcome: Outcome) => void }) {
  return (
    <li className="group-row" data-testid={`group-${group.id}`}>
      <div className="group-main">
        <a href={hrefOf({ screen: 'group', groupId: group.id })} className="group-name">
          {group.name}
        </a>
        <span className="badges">
          <span className={`badge kind-${groupKind(group)}`}>{groupKind(group)}</span>
          {group.isProject && <span className="badge">project</span>}
          {group.isArchived && <span className="badge">archived</span>}
          {!group.isActive && <span className="badge">inactive</span>}
          <span className="count">{group.memberCount} members</span>
        </span>
      </div>
      <GroupActions group={group} onOutcome={onOutcome} />
    </li>
  );
}
