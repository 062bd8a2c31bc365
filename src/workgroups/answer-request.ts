/**
 * acceptMembershipRequest / denyMembershipRequest: a moderator answers a pending request
 * (`socialnetwork.api.usertogroup.acceptRequest` / `denyRequest`, undocumented). Two upstream requests:
 *   1. the checks, one batch: the group, its INITIATE_PERMS and the caller's relation, and the one relation named;
 *   2. the write and its re-read, one batch: the action, then the relation and the group again.
 * The actions answer `{"result": false}` with no error when the portal refuses, and skip silently (still `true`) a
 * relation that is no longer a pending request: the checks refuse before, the re-read tells what happened.
 * The relation read in the checks is looked at only after the permission gate passed (viewer-status.ts).
 */
import { attempt, invoke, moderationMethods, type Attempt, type Group, type Relation } from '../bitrix24/index.js';
import { auditedWrite, callerIdForAudit } from './audit.js';
import type { WorkgroupContext } from './context.js';
import { permissionsFrom, readPermissionFacts, type PermissionFacts } from './viewer-status.js';
import { rereadGroup } from './reread.js';
import { portalRefused } from './caller-action.js';
import { refuse, succeed, type Outcome, type RefusalOf } from './refusals.js';

export const ANSWER_REQUEST_REFUSALS = ['GROUP_NOT_FOUND', 'NOT_ALLOWED', 'NO_PENDING_REQUEST', 'OPERATION_NOT_SUPPORTED', 'PORTAL_REFUSED'] as const;
type Refusals = (typeof ANSWER_REQUEST_REFUSALS)[number];

export type RequestAnswer = 'ACCEPT' | 'DENY';

export interface AnswerRequestInput {
  groupId: number;
  relationId: number;
}

export interface RequestAnswered {
  group: Group;
  userId: number;
}

export function acceptMembershipRequest(context: WorkgroupContext, input: AnswerRequestInput): Promise<Outcome<RequestAnswered, Refusals>> {
  return answerRequest(context, input, 'ACCEPT');
}

export function denyMembershipRequest(context: WorkgroupContext, input: AnswerRequestInput): Promise<Outcome<RequestAnswered, Refusals>> {
  return answerRequest(context, input, 'DENY');
}

async function answerRequest(context: WorkgroupContext, input: AnswerRequestInput, answer: RequestAnswer): Promise<Outcome<RequestAnswered, Refusals>> {
  const { groupId, relationId } = input;
  const operation = answer === 'ACCEPT' ? 'acceptMembershipRequest' : 'denyMembershipRequest';
  // The D7 surface switched off: refused before any upstream call.
  if (!context.d7Api) return refuse({ kind: 'OPERATION_NOT_SUPPORTED', groupId, operation: `${operation} (BITRIX24_D7_API=off)` });
  const { loaders } = context;
  const session = context.session();
  const callerUserId = callerIdForAudit(context);
  const [group, facts, before] = await Promise.all([
    loaders.groupById.load(groupId),
    readPermissionFacts(context, groupId),
    invoke(session, moderationMethods.usertogroupList, { groupId, relationId }),
  ]);
  const refusal = decideRequestAnswerBeforeWrite(groupId, group, facts, before.relations);
  if (refusal) return refusal;
  const request = before.relations[0]!;

  const descriptor = answer === 'ACCEPT' ? moderationMethods.usertogroupAcceptRequest : moderationMethods.usertogroupDenyRequest;
  // One tick, in this order: one batch, the write first, so the re-read sees it.
  const batch = Promise.all([
    attempt(session, descriptor, { groupId, relationId }),
    invoke(session, moderationMethods.usertogroupList, { groupId, relationId }),
    rereadGroup(session, groupId),
  ]);
  let outcome: Outcome<RequestAnswered, Refusals> | undefined;
  const [, , reread] = await auditedWrite(context, { operation, groupId, callerUserId }, batch, ([written, after, groupAfter]) => {
    outcome = decideRequestAnswerAfterWrite(groupId, answer, request, written, after.relations, groupAfter);
    return outcome.ok ? { outcome: 'APPLIED' } : { outcome: 'REFUSED', detail: outcome.refusal.kind };
  });
  loaders.afterWrite(groupId, { group: reread });
  if (outcome!.ok) {
    context.changes.groupChanged({ kind: answer === 'ACCEPT' ? 'REQUEST_ACCEPTED' : 'REQUEST_DENIED', groupId, userIds: [request.userId] });
  }
  return outcome!;
}

/** The checks: a refusal, or null to go ahead. Pure. The relation is looked at only once the gate has passed. */
export function decideRequestAnswerBeforeWrite(
  groupId: number,
  group: Group | null,
  facts: PermissionFacts,
  relations: readonly Relation[],
): { ok: false; refusal: RefusalOf<'GROUP_NOT_FOUND' | 'NOT_ALLOWED' | 'NO_PENDING_REQUEST'> } | null {
  if (!group) return refuse({ kind: 'GROUP_NOT_FOUND', groupId });
  if (!permissionsFrom(group, facts).processRequests) {
    return refuse({ kind: 'NOT_ALLOWED', groupId, reason: 'only the owner, or the moderators and members the group\'s invite setting names, may answer requests' });
  }
  const relation = relations[0];
  if (!relation || relation.groupId !== groupId || relation.kind !== 'REQUEST') return refuse({ kind: 'NO_PENDING_REQUEST', groupId });
  return null;
}

/**
 * The outcome, from the action's answer and the re-read of the relation and the group in the same batch. Pure.
 * `false` is the portal's refusal (a group gone or inactive, or its core permission check); `true` with the relation
 * unchanged is a silent skip, reported as no pending request (another moderator got there first).
 */
export function decideRequestAnswerAfterWrite(
  groupId: number,
  answer: RequestAnswer,
  request: Relation,
  written: Attempt<boolean>,
  relationsAfter: readonly Relation[],
  groupAfter: Group | null,
): Outcome<RequestAnswered, Refusals> {
  if (!groupAfter) return refuse({ kind: 'GROUP_NOT_FOUND', groupId });
  const operation = answer === 'ACCEPT' ? 'acceptMembershipRequest' : 'denyMembershipRequest';
  if (!written.ok) return refuse(portalRefused(groupId, operation, written.refusal.code, written.refusal.description));
  if (!written.value) {
    return refuse({ kind: 'NOT_ALLOWED', groupId, reason: 'Bitrix24 answered false: it does not let you answer this group\'s requests (or the group is inactive)' });
  }
  const after = relationsAfter.find((relation) => relation.id === request.id);
  const done = answer === 'ACCEPT' ? after !== undefined && after.kind === 'MEMBER' : after === undefined;
  if (done) return succeed({ group: groupAfter, userId: request.userId });
  if (after?.kind === 'REQUEST') {
    return refuse(portalRefused(groupId, operation, '', 'Bitrix24 answered true but the request is still pending'));
  }
  return refuse({ kind: 'NO_PENDING_REQUEST', groupId });
}
