/**
 * Which buttons a group shows, from what the gateway says the caller may do (`viewerCan`), and the caller's place in
 * the group as a word (`viewerStatus`). Pure, and tested as a table: the app never decides a permission itself.
 */
import type { GroupSummaryFragment, ViewerGroupStatus } from './gql/graphql.js';

export type GroupAction = 'join' | 'request' | 'cancel' | 'accept' | 'decline' | 'leave';

export const ACTION_LABEL: Record<GroupAction, string> = {
  join: 'Join',
  request: 'Request to join',
  cancel: 'Cancel request',
  accept: 'Accept',
  decline: 'Decline',
  leave: 'Leave',
};

type Can = Pick<GroupSummaryFragment['viewerCan'], 'requestMembership' | 'cancelRequest' | 'acceptInvitation' | 'declineInvitation' | 'leave'>;

export function actionsFor(can: Can, isOpen: boolean): GroupAction[] {
  const actions: GroupAction[] = [];
  // An open group takes the caller at once: the same mutation, but the button says what will happen.
  if (can.requestMembership) actions.push(isOpen ? 'join' : 'request');
  if (can.cancelRequest) actions.push('cancel');
  if (can.acceptInvitation) actions.push('accept');
  if (can.declineInvitation) actions.push('decline');
  if (can.leave) actions.push('leave');
  return actions;
}

export const STATUS_LABEL: Record<ViewerGroupStatus, string> = {
  OWNER: 'owner',
  MODERATOR: 'moderator',
  MEMBER: 'member',
  REQUEST_PENDING: 'requested',
  INVITATION_PENDING: 'invited',
  NONE: 'not a member',
};
