/**
 * The shape every self-service operation of the caller shares (cancel a request, leave, accept or decline an
 * invitation): each is one D7 `socialnetwork.api.usertogroup.*` write about the caller's own relation. Two upstream
 * requests at most:
 *   1. the checks, one batch: the caller's standing in the group (`socialnetwork.api.workgroup.get` with USER_DATA
 *      and ACTIONS) and, when the write needs it, the caller's id (`profile`). A refusal here writes nothing.
 *   2. the write and its re-read, one batch, in this order: the write, `sonet_group.get` (the group as it is now,
 *      for the payload) and `workgroup.get` again (the caller's new relation). Bitrix24 runs a batch's commands in
 *      order, so the re-read sees the write, and it decides the outcome: `true` with nothing changed is a refusal.
 * Each operation supplies its pure decisions (before the write, after it) and the write itself.
 * With BITRIX24_D7_API=off the operation answers OPERATION_NOT_SUPPORTED before any upstream call.
 */
import { attempt, invoke, lifecycleMethods, methods, type Attempt, type Bitrix24Session, type Group, type GroupRelation, type GroupStanding, type RefusalKind } from '../bitrix24/index.js';
import type { GroupChangeKind } from './changes.js';
import type { WorkgroupContext } from './context.js';
import { refuse, succeed, type RefusalOf } from './refusals.js';

/** What a caller's operation answers: the group as it is afterwards (null once the caller may no longer see it). */
export interface CallerActionDone {
  groupId: number;
  /** null when the group is secret and the caller no longer belongs to it (or was never shown it: an invitee). */
  group: Group | null;
  /** The caller's relation after the write, from the re-read. */
  viewerStatus: GroupRelation;
}

/** What the re-read of the write batch tells. */
export interface AfterWrite {
  /** The checks saw the group (a secret group hides from its pending invitees, so an invitation can be blind). */
  visibleBefore: boolean;
  written: Attempt<boolean>;
  /** The caller's standing after the write; null when the group is not (or no longer) visible to the caller. */
  standing: GroupStanding | null;
}

export interface CallerActionSpec<K extends RefusalKind> {
  /** The operation's name in refusals (OperationNotSupportedError.operation, PortalRefusedError). */
  operation: string;
  change: GroupChangeKind;
  /** The write needs the caller's user id (`profile` joins the checks batch). */
  needsCallerId: boolean;
  /** Pure: the refusal the checks find, or null to write. */
  beforeWrite(groupId: number, standing: GroupStanding | null, callerId: number | null): RefusalOf<K> | null;
  /** Queues the write (synchronously, first in its tick). */
  write(session: Bitrix24Session, groupId: number, callerId: number | null): Promise<Attempt<boolean>>;
  /** Pure: the refusal the re-read finds, or null when the write did what it should. */
  afterWrite(groupId: number, after: AfterWrite): RefusalOf<K> | null;
}

/** Outcome<CallerActionDone, K | 'OPERATION_NOT_SUPPORTED'>, spelled so that a generic K type-checks. */
export type CallerOutcome<K extends RefusalKind> =
  | { ok: true; value: CallerActionDone }
  | { ok: false; refusal: RefusalOf<K> | RefusalOf<'OPERATION_NOT_SUPPORTED'> };

export async function runCallerAction<K extends RefusalKind>(
  context: WorkgroupContext,
  groupId: number,
  spec: CallerActionSpec<K>,
): Promise<CallerOutcome<K>> {
  if (!context.d7Api) return refuse({ kind: 'OPERATION_NOT_SUPPORTED', groupId, operation: spec.operation });
  const { loaders } = context;
  // Both loaders dispatch in this tick: one HTTP request.
  const [standing, profile] = await Promise.all([loaders.standing.load(groupId), spec.needsCallerId ? loaders.profile() : Promise.resolve(null)]);
  const callerId = profile?.id ?? null;
  const refusal = spec.beforeWrite(groupId, standing, callerId);
  if (refusal) return refuse(refusal);

  const session = context.session();
  // Queued in this order, in one tick: one batch, the write first. The batch carries a write, so the client never
  // retries it after an ambiguous failure.
  const [written, page, reread] = await Promise.all([
    spec.write(session, groupId, callerId),
    invoke(session, methods.sonetGroupGet, { filter: { ID: [groupId] } }),
    attempt(session, lifecycleMethods.workgroupStanding, { groupId }),
  ]);
  const group = page.groups.find((row) => row.id === groupId) ?? null;
  const after = reread.ok ? reread.value : null;
  loaders.afterWrite(groupId, { group, standing: after });
  const refused = spec.afterWrite(groupId, { visibleBefore: standing !== null, written, standing: after });
  if (refused) return refuse(refused);
  context.changes.groupChanged({ kind: spec.change, groupId, userIds: [] });
  return succeed({ groupId, group, viewerStatus: after?.relation ?? 'NONE' });
}

/** The portal's refusal as it stated it (its code and words are shown, never decided on). */
export function portalRefused(groupId: number, operation: string, code: string, message: string): RefusalOf<'PORTAL_REFUSED'> {
  return { kind: 'PORTAL_REFUSED', groupId, operation, portalCode: code, portalMessage: message };
}

/**
 * The part of every after-write decision that does not depend on the operation: null when the write answered
 * success and the re-read shows `expected`; otherwise the refusal for an answer of `false` or a silent skip. A write
 * refused with a listed code is left to the operation (`undefined`), which knows what that code means for it.
 */
export function confirmByReread(
  groupId: number,
  operation: string,
  after: AfterWrite,
  expected: (relation: GroupRelation) => boolean,
): RefusalOf<'PORTAL_REFUSED'> | null | undefined {
  const { written } = after;
  if (!written.ok) return undefined;
  if (!written.value) return portalRefused(groupId, operation, '', 'Bitrix24 answered false');
  const relation = after.standing?.relation ?? 'NONE';
  if (expected(relation)) return null;
  return portalRefused(groupId, operation, '', `Bitrix24 answered success, but the re-read shows the relation ${relation}`);
}

export const isMembership = (relation: GroupRelation): boolean => relation === 'OWNER' || relation === 'MODERATOR' || relation === 'MEMBER';
