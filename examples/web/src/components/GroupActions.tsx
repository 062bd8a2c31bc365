import { useMutation, type CombinedError } from 'urql';
import { ACTION_LABEL, actionsFor, STATUS_LABEL, type GroupAction } from '../actions.js';
import { REFRESH_GROUPS } from '../client.js';
import {
  AcceptInvitationDocument,
  CancelRequestDocument,
  DeclineInvitationDocument,
  LeaveGroupDocument,
  RequestMembershipDocument,
  type GroupSummaryFragment,
} from '../gql/graphql.js';
import { actionOutcome, failureOutcome, refusalOutcome, requestOutcome, type Outcome } from '../outcome.js';

/** A mutation's union answer: the success (`__typename` ends in "Success") or a typed refusal with its message. */
type Answer = { __typename: string; message?: string; groupId?: string; status?: 'JOINED' | 'REQUESTED' };

/**
 * The caller's status in a group and only the buttons `viewerCan` allows. Each answer is reported through onOutcome:
 * a success as what changed, a typed refusal as its own message. The mutation's answer carries the group as it is
 * afterwards, and urql's document cache refetches every query showing a Group, so the row updates itself.
 */
export function GroupActions({ group, onOutcome }: { group: GroupSummaryFragment; onOutcome: (outcome: Outcome) => void }) {
  const [request, requestMembership] = useMutation(RequestMembershipDocument);
  const [cancel, cancelRequest] = useMutation(CancelRequestDocument);
  const [accept, acceptInvitation] = useMutation(AcceptInvitationDocument);
  const [decline, declineInvitation] = useMutation(DeclineInvitationDocument);
  const [leave, leaveGroup] = useMutation(LeaveGroupDocument);
  const busy = request.fetching || cancel.fetching || accept.fetching || decline.fetching || leave.fetching;
  const variables = { groupId: group.id };

  const run = async (action: GroupAction) => {
    const { error, answer } = await (async (): Promise<{ error?: CombinedError; answer?: Answer }> => {
      switch (action) {
        case 'join':
        case 'request': {
          const r = await requestMembership(variables, REFRESH_GROUPS);
          return { error: r.error, answer: r.data?.requestGroupMembership };
        }
        case 'cancel': {
          const r = await cancelRequest(variables, REFRESH_GROUPS);
          return { error: r.error, answer: r.data?.cancelGroupMembershipRequest };
        }
        case 'accept': {
          const r = await acceptInvitation(variables, REFRESH_GROUPS);
          return { error: r.error, answer: r.data?.acceptGroupInvitation };
        }
        case 'decline': {
          const r = await declineInvitation(variables, REFRESH_GROUPS);
          return { error: r.error, answer: r.data?.declineGroupInvitation };
        }
        case 'leave': {
          const r = await leaveGroup(variables, REFRESH_GROUPS);
          return { error: r.error, answer: r.data?.leaveGroup };
        }
      }
    })();
    if (!answer) return onOutcome(failureOutcome(error));
    if (!answer.__typename.endsWith('Success')) return onOutcome(refusalOutcome(answer));
    if (action === 'join' || action === 'request') return onOutcome(requestOutcome(answer.status ?? 'REQUESTED', group.name));
    onOutcome(actionOutcome(action, group.name));
  };

  const label = STATUS_LABEL[group.viewerStatus];
  return (
    <div className="actions">
      <span className={`status status-${label.replace(/ /g, '-')}`} data-testid="viewer-status">
        {label}
      </span>
      {actionsFor(group.viewerCan, group.isOpen).map((action) => (
        <button key={action} type="button" className={action === 'leave' || action === 'decline' || action === 'cancel' ? 'secondary' : undefined} disabled={busy} onClick={() => void run(action)}>
          {ACTION_LABEL[action]}
        </button>
      ))}
    </div>
  );
}
