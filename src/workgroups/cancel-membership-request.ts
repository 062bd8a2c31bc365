/**
 * cancelMembershipRequest: the caller withdraws their own pending request to join a group
 * (D7 `socialnetwork.api.usertogroup.cancelIncomingRequest {userId: <caller>, groupId}`). See caller-action.ts for
 * the two requests it costs.
 */
import { attempt, lifecycleMethods, type GroupStanding } from '../bitrix24/index.js';
import { confirmByReread, portalRefused, runCallerAction, type AfterWrite, type CallerActionDone, type CallerActionSpec } from './caller-action.js';
import type { WorkgroupContext } from './context.js';
import type { Outcome, RefusalOf } from './refusals.js';

export const CANCEL_MEMBERSHIP_REQUEST_REFUSALS = ['GROUP_NOT_FOUND', 'NO_PENDING_REQUEST', 'OPERATION_NOT_SUPPORTED', 'PORTAL_REFUSED'] as const;
type Refusals = Exclude<(typeof CANCEL_MEMBERSHIP_REQUEST_REFUSALS)[number], 'OPERATION_NOT_SUPPORTED'>;
const OPERATION = 'cancelMembershipRequest';

/** The checks: only a pending request of the caller's own is withdrawn. Pure. */
export function decideCancelBeforeWrite(groupId: number, standing: GroupStanding | null): RefusalOf<Refusals> | null {
  if (!standing) return { kind: 'GROUP_NOT_FOUND', groupId };
  if (standing.relation !== 'REQUEST_PENDING') return { kind: 'NO_PENDING_REQUEST', groupId };
  return null;
}

/** The outcome, from the write's answer and the re-read: the request must be gone. Pure. */
export function decideCancelAfterWrite(groupId: number, after: AfterWrite): RefusalOf<Refusals> | null {
  const confirmed = confirmByReread(groupId, OPERATION, after, (relation) => relation === 'NONE');
  if (confirmed !== undefined) return confirmed;
  if (after.written.ok) return null;
  const { kind, code, description } = after.written.refusal;
  // 510/403: no request of the caller's (anymore): the re-read says which state the caller is in now.
  if (kind === 'NO_PENDING_REQUEST') return { kind: 'NO_PENDING_REQUEST', groupId };
  return portalRefused(groupId, OPERATION, code, description);
}

const spec: CallerActionSpec<Refusals> = {
  operation: OPERATION,
  change: 'REQUEST_CANCELLED',
  needsCallerId: true,
  beforeWrite: decideCancelBeforeWrite,
  // callerId is known here: the checks read it, and a failed read rejects before any write.
  write: (session, groupId, callerId) => attempt(session, lifecycleMethods.cancelIncomingRequest, { userId: callerId!, groupId }),
  afterWrite: decideCancelAfterWrite,
};

export function cancelMembershipRequest(context: WorkgroupContext, input: { groupId: number }): Promise<Outcome<CallerActionDone, Refusals | 'OPERATION_NOT_SUPPORTED'>> {
  return runCallerAction(context, input.groupId, spec);
}
