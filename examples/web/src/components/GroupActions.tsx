import { useState } from 'react';
import { useMutation } from 'urql';
import { RequestMembershipDocument, type GroupRole, type GroupSummaryFragment } from '../gql/graphql.js';
import { refusalOutcome, requestOutcome, type Outcome } from '../outcome.js';

/** The caller's place in a group, as a short word the row shows. */
export type ViewerStatusLabel = 'owner' | 'moderator' | 'member' | 'requested' | 'not a member';

export function statusLabel(role: GroupRole | null, requested: boolean): ViewerStatusLabel {
  if (role) return role === 'OWNER' ? 'owner' : role === 'MODERATOR' ? 'moderator' : 'member';
  return requested ? 'requested' : 'not a member';
}

/**
 * The caller's status in a group and the buttons for it. A typed refusal from the mutation is reported through
 * onOutcome as its own message.
 */
export function GroupActions({ group, role, onOutcome }: { group: GroupSummaryFragment; role: GroupRole | null; onOutcome: (outcome: Outcome) => void }) {
  const [requested, setRequested] = useState(false);
  const [{ fetching }, requestMembership] = useMutation(RequestMembershipDocument);
  const label = statusLabel(role, requested);

  const request = async () => {
    const { data, error } = await requestMembership({ groupId: group.id });
    const result = data?.requestGroupMembership;
    if (error || !result) {
      onOutcome({ tone: 'refusal', heading: 'The request failed', detail: error?.graphQLErrors[0]?.message ?? error?.message ?? '' });
      return;
    }
    if (result.__typename === 'RequestGroupMembershipSuccess') {
      setRequested(result.status === 'REQUESTED');
      onOutcome(requestOutcome(result.status, result.group.name));
    } else {
      onOutcome(refusalOutcome(result));
    }
  };

  return (
    <div className="actions">
      <span className={`status status-${label.replace(/ /g, '-')}`} data-testid="viewer-status">
        {label}
      </span>
      {label === 'not a member' && (
        <button type="button" disabled={fetching} onClick={() => void request()}>
          {group.isOpen ? 'Join' : 'Request to join'}
        </button>
      )}
    </div>
  );
}
