/**
 * acceptInvitation / declineInvitation: the caller answers a pending invitation (D7
 * `socialnetwork.api.usertogroup.acceptOutgoingRequest` / `rejectOutgoingRequest {groupId}`). See caller-action.ts
 * for the two requests each costs.
 *
 * A secret group hides from its pending invitees (Bitrix24 shows it only to members), so the checks cannot see an
 * invitation to one. The write is then sent without a confirmed invitation: it is safe to, because these writes
 * refuse loudly (ERROR_NO_GROUP_REQUEST) instead of overwriting or skipping, and their re-read confirms the outcome.
 * A refused blind write answers GROUP_NOT_FOUND, so nothing tells a stranger whether a secret group exists.
 */
import { attempt, lifecycleMethods, type GroupRelation, type GroupStanding } from '../bitrix24/index.js';
import { confirmByReread, isMembership, portalRefused, runCallerAction, type AfterWrite, type CallerActionDone, type CallerActionSpec } from './caller-action.js';
import type { WorkgroupContext } from './context.js';
import type { Outcome, RefusalOf } from './refusals.js';

export const ANSWER_INVITATION_REFUSALS = ['GROUP_NOT_FOUND', 'NO_INVITATION', 'OPERATION_NOT_SUPPORTED', 'PORTAL_REFUSED'] as const;
type Refusals = Exclude<(typeof ANSWER_INVITATION_REFUSALS)[number], 'OPERATION_NOT_SUPPORTED'>;

/** The checks: a visible group must hold an invitation for the caller; an invisible one is left to the write. Pure. */
export function decideAnswerBeforeWrite(groupId: number, standing: GroupStanding | null): RefusalOf<Refusals> | null {
  if (standing && standing.relation !== 'INVITATION_PENDING') return { kind: 'NO_INVITATION', groupId };
  return null;
}

/** The outcome, for an answer whose re-read must show `expected`. Pure. */
export function decideAnswerAfterWrite(
  operation: string,
  expected: (relation: GroupRelation) => boolean,
): (groupId: number, after: AfterWrite) => RefusalOf<Refusals> | null {
  return (groupId, after) => {
    const confirmed = confirmByReread(groupId, operation, after, expected);
    if (confirmed !== undefined) return confirmed;
    if (after.written.ok) return null;
    const { kind, code, description } = after.written.refusal;
    if (kind === 'NO_INVITATION') return after.visibleBefore ? { kind: 'NO_INVITATION', groupId } : { kind: 'GROUP_NOT_FOUND', groupId };
    return portalRefused(groupId, operation, code, description);
  };
}

const acceptSpec: CallerActionSpec<Refusals> = {
  operation: 'acceptInvitation',
  change: 'INVITATION_ACCEPTED',
  needsCallerId: false,
  beforeWrite: decideAnswerBeforeWrite,
  write: (session, groupId) => attempt(session, lifecycleMethods.acceptOutgoingRequest, { groupId }),
  afterWrite: decideAnswerAfterWrite('acceptInvitation', isMembership),
};

const declineSpec: CallerActionSpec<Refusals> = {
  operation: 'declineInvitation',
  change: 'INVITATION_DECLINED',
  needsCallerId: false,
  beforeWrite: decideAnswerBeforeWrite,
  write: (session, groupId) => attempt(session, lifecycleMethods.rejectOutgoingRequest, { groupId }),
  afterWrite: decideAnswerAfterWrite('declineInvitation', (relation) => relation === 'NONE'),
};

export function acceptInvitation(context: WorkgroupContext, input: { groupId: number }): Promise<Outcome<CallerActionDone, Refusals | 'OPERATION_NOT_SUPPORTED'>> {
  return runCallerAction(context, input.groupId, acceptSpec);
}

export function declineInvitation(context: WorkgroupContext, input: { groupId: number }): Promise<Outcome<CallerActionDone, Refusals | 'OPERATION_NOT_SUPPORTED'>> {
  return runCallerAction(context, input.groupId, declineSpec);
}
