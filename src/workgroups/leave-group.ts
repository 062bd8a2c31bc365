/**
 * leaveGroup: the caller leaves a group they are a member or moderator of (D7
 * `socialnetwork.api.usertogroup.leave {params: {groupId}}`). Bitrix24 refuses the owner, a member kept by
 * department sync and the project's scrum master with the same 403; the checks tell them apart before any write,
 * from ACTIONS.LEAVE (Bitrix24's own answer) and the caller's id. See caller-action.ts for the two requests.
 */
import { attempt, lifecycleMethods, type GroupStanding } from '../bitrix24/index.js';
import { confirmByReread, isMembership, portalRefused, runCallerAction, type AfterWrite, type CallerActionDone, type CallerActionSpec } from './caller-action.js';
import type { WorkgroupContext } from './context.js';
import type { Outcome, RefusalOf } from './refusals.js';

export const LEAVE_GROUP_REFUSALS = [
  'GROUP_NOT_FOUND',
  'NOT_A_MEMBER',
  'OWNER_CANNOT_LEAVE',
  'AUTO_MEMBER_CANNOT_LEAVE',
  'NOT_ALLOWED',
  'OPERATION_NOT_SUPPORTED',
  'PORTAL_REFUSED',
] as const;
type Refusals = Exclude<(typeof LEAVE_GROUP_REFUSALS)[number], 'OPERATION_NOT_SUPPORTED'>;
const OPERATION = 'leaveGroup';

/** The checks. Pure. */
export function decideLeaveBeforeWrite(groupId: number, standing: GroupStanding | null, callerId: number | null): RefusalOf<Refusals> | null {
  // Every member sees their group: a group the caller cannot see is one they do not belong to.
  if (!standing) return { kind: 'GROUP_NOT_FOUND', groupId };
  const { relation } = standing;
  if (relation === 'OWNER') return { kind: 'OWNER_CANNOT_LEAVE', groupId };
  if (!isMembership(relation)) return { kind: 'NOT_A_MEMBER', groupId };
  if (standing.mayLeave) return null;
  // ACTIONS.LEAVE is false for a member or moderator: kept by department sync, or the scrum master.
  if (standing.scrumMasterId !== null && standing.scrumMasterId === callerId) {
    return { kind: 'NOT_ALLOWED', groupId, reason: 'the scrum master of a project cannot leave it; another scrum master must be named first' };
  }
  return { kind: 'AUTO_MEMBER_CANNOT_LEAVE', groupId };
}

/** The outcome: the caller must have no relation left. Pure. */
export function decideLeaveAfterWrite(groupId: number, after: AfterWrite): RefusalOf<Refusals> | null {
  const confirmed = confirmByReread(groupId, OPERATION, after, (relation) => relation === 'NONE');
  if (confirmed !== undefined) return confirmed;
  if (after.written.ok) return null;
  const { kind, code, description } = after.written.refusal;
  const relation = after.standing?.relation ?? 'NONE';
  if (kind === 'GROUP_NOT_FOUND' || !after.standing) return { kind: 'GROUP_NOT_FOUND', groupId };
  // A 403 after checks that let it through: the relation changed in between; the re-read says how.
  if (relation === 'OWNER') return { kind: 'OWNER_CANNOT_LEAVE', groupId };
  if (!isMembership(relation)) return { kind: 'NOT_A_MEMBER', groupId };
  return portalRefused(groupId, OPERATION, code, description);
}

const spec: CallerActionSpec<Refusals> = {
  operation: OPERATION,
  change: 'MEMBER_LEFT',
  // Only to tell the scrum master from a department-synced member; `profile` shares the checks batch.
  needsCallerId: true,
  beforeWrite: decideLeaveBeforeWrite,
  write: (session, groupId) => attempt(session, lifecycleMethods.leave, { groupId }),
  afterWrite: decideLeaveAfterWrite,
};

export function leaveGroup(context: WorkgroupContext, input: { groupId: number }): Promise<Outcome<CallerActionDone, Refusals | 'OPERATION_NOT_SUPPORTED'>> {
  return runCallerAction(context, input.groupId, spec);
}
