/**
 * A group's own life: createGroup (`sonet_group.create`), updateGroup, archiveGroup and unarchiveGroup
 * (`sonet_group.update`; archived is Bitrix24's CLOSED flag), deleteGroup (`sonet_group.delete`). All documented.
 * At most two upstream requests each:
 *   create: the write alone (its id is not known before), then the re-read of the new group;
 *   update, archive, unarchive, delete: the checks (the group, its owner and the caller's relation), then the write
 *   with the group's re-read in one batch.
 * Bitrix24 decides who may do it (update: the owner or the scrum master; delete: the owner; both admins). Its
 * refusals arrive as `error: ""` with localized text, so the kind comes from the checks: a caller who is not the
 * owner was refused for permission (NotAllowed, with the portal's words); anything else is the portal's own refusal.
 */
import { attempt, moderationMethods, type Attempt, type Group, type GroupFields } from '../bitrix24/index.js';
import type { GroupViewerPermissions } from './permissions.js';
import { permissionsFrom, readPermissionFacts } from './viewer-status.js';
import { auditedWrite, callerIdForAudit } from './audit.js';
import type { GroupChangeKind } from './changes.js';
import type { WorkgroupContext } from './context.js';
import { rereadGroup } from './reread.js';
import { portalRefused } from './caller-action.js';
import { refuse, succeed, type Outcome } from './refusals.js';

export const CREATE_GROUP_REFUSALS = ['PORTAL_REFUSED'] as const;
export const UPDATE_GROUP_REFUSALS = ['GROUP_NOT_FOUND', 'NOT_ALLOWED', 'PORTAL_REFUSED'] as const;
export const DELETE_GROUP_REFUSALS = ['GROUP_NOT_FOUND', 'CONFIRMATION_MISMATCH', 'NOT_ALLOWED', 'PORTAL_REFUSED'] as const;
type UpdateRefusals = (typeof UPDATE_GROUP_REFUSALS)[number];
type DeleteRefusals = (typeof DELETE_GROUP_REFUSALS)[number];

export interface GroupWritten {
  group: Group;
  /** False when the group already was as asked (archive an archived group): nothing was written. */
  changed: boolean;
}

export interface GroupDeleted {
  groupId: number;
}

export async function createGroup(context: WorkgroupContext, fields: GroupFields & { name: string }): Promise<Outcome<GroupWritten, 'PORTAL_REFUSED'>> {
  const session = context.session();
  const callerUserId = callerIdForAudit(context);
  const written = await auditedWrite(
    context,
    { operation: 'createGroup', groupId: null, callerUserId },
    attempt(session, moderationMethods.sonetGroupCreate, fields),
    (result) => (result.ok && result.value !== null ? { outcome: 'APPLIED', detail: `group ${result.value}` } : { outcome: 'REFUSED' }),
  );
  if (!written.ok) {
    return refuse(portalRefused(0, 'createGroup', written.refusal.code, written.refusal.description));
  }
  const groupId = written.value;
  const group = groupId === null ? null : await rereadGroup(session, groupId);
  if (groupId === null || !group) {
    return refuse(portalRefused(groupId ?? 0, 'createGroup', '', 'Bitrix24 answered without a group the caller can read'));
  }
  context.loaders.afterWrite(groupId, { group });
  context.changes.groupChanged({ kind: 'GROUP_CREATED', groupId, userIds: [] });
  return succeed({ group, changed: true });
}

/** Which of the asked fields differ from the group as it is; none means nothing to write. Pure. */
export function changedFields(group: Group, fields: GroupFields): GroupFields {
  const out: GroupFields = {};
  if (fields.name !== undefined && fields.name !== group.name) out.name = fields.name;
  if (fields.description !== undefined && fields.description !== (group.description ?? '')) out.description = fields.description;
  if (fields.keywords !== undefined && fields.keywords !== (group.keywords ?? '')) out.keywords = fields.keywords;
  if (fields.isVisible !== undefined && fields.isVisible !== group.isVisible) out.isVisible = fields.isVisible;
  if (fields.isOpen !== undefined && fields.isOpen !== group.isOpen) out.isOpen = fields.isOpen;
  if (fields.isArchived !== undefined && fields.isArchived !== group.isArchived) out.isArchived = fields.isArchived;
  if (fields.isProject !== undefined && fields.isProject !== group.isProject) out.isProject = fields.isProject;
  // Project dates are stored as calendar dates in the portal's zone, which the gateway does not know: a date-time
  // asked and the date kept cannot be compared, so they are always sent. INITIATE_PERMS is not on the legacy row.
  if (fields.projectStart !== undefined) out.projectStart = fields.projectStart;
  if (fields.projectFinish !== undefined) out.projectFinish = fields.projectFinish;
  if (fields.invitePermission !== undefined) out.invitePermission = fields.invitePermission;
  if (fields.subjectId !== undefined && fields.subjectId !== group.subjectId) out.subjectId = fields.subjectId;
  return out;
}

export function updateGroup(
  context: WorkgroupContext,
  input: { groupId: number; fields: GroupFields },
): Promise<Outcome<GroupWritten, UpdateRefusals>> {
  return writeGroup(context, input.groupId, 'updateGroup', input.fields);
}

export function archiveGroup(context: WorkgroupContext, groupId: number): Promise<Outcome<GroupWritten, UpdateRefusals>> {
  return writeGroup(context, groupId, 'archiveGroup', { isArchived: true });
}

export function unarchiveGroup(context: WorkgroupContext, groupId: number): Promise<Outcome<GroupWritten, UpdateRefusals>> {
  return writeGroup(context, groupId, 'unarchiveGroup', { isArchived: false });
}

const CHANGE_KIND: Record<'updateGroup' | 'archiveGroup' | 'unarchiveGroup', GroupChangeKind> = {
  updateGroup: 'GROUP_UPDATED',
  archiveGroup: 'GROUP_ARCHIVED',
  unarchiveGroup: 'GROUP_UNARCHIVED',
};

async function writeGroup(
  context: WorkgroupContext,
  groupId: number,
  operation: 'updateGroup' | 'archiveGroup' | 'unarchiveGroup',
  fields: GroupFields,
): Promise<Outcome<GroupWritten, UpdateRefusals>> {
  const { loaders } = context;
  const callerUserId = callerIdForAudit(context);
  const [group, facts] = await Promise.all([loaders.groupById.load(groupId), readPermissionFacts(context, groupId)]);
  if (!group) return refuse({ kind: 'GROUP_NOT_FOUND', groupId });
  const may = permissionsFrom(group, facts);
  const changes = changedFields(group, fields);
  if (Object.keys(changes).length === 0) return succeed({ group, changed: false });

  const session = context.session();
  const batch = Promise.all([attempt(session, moderationMethods.sonetGroupUpdate, { groupId, fields: changes }), rereadGroup(session, groupId)]);
  let outcome: Outcome<GroupWritten, UpdateRefusals> | undefined;
  const [, reread] = await auditedWrite(context, { operation, groupId, callerUserId }, batch, ([written, groupAfter]) => {
    outcome = decideGroupWrite(groupId, operation, may, written, groupAfter, changes);
    return outcome.ok ? { outcome: 'APPLIED' } : { outcome: 'REFUSED', detail: outcome.refusal.kind };
  });
  loaders.afterWrite(groupId, { group: reread });
  if (outcome!.ok) {
    context.changes.groupChanged({ kind: CHANGE_KIND[operation], groupId, userIds: [] });
  }
  return outcome!;
}

/**
 * A refusal's kind when the portal's code is "": permission when the checks said the caller may not (viewerCan's
 * `edit` or `delete`, which is what Bitrix24 checks); otherwise the portal's own refusal. Pure.
 */
function refusalFromChecks(groupId: number, operation: string, allowed: boolean, code: string, description: string) {
  if (!allowed) return { kind: 'NOT_ALLOWED' as const, groupId, reason: description };
  return portalRefused(groupId, operation, code, description);
}

/** The outcome of an update, from its answer and the group's re-read in the same batch. Pure. */
function decideGroupWrite(
  groupId: number,
  operation: string,
  may: GroupViewerPermissions,
  written: Attempt<number | null>,
  groupAfter: Group | null,
  asked: GroupFields,
): Outcome<GroupWritten, UpdateRefusals> {
  if (!groupAfter) return refuse({ kind: 'GROUP_NOT_FOUND', groupId });
  if (!written.ok) return refuse(refusalFromChecks(groupId, operation, may.edit, written.refusal.code, written.refusal.description));
  // The re-read must show what was asked (but INITIATE_PERMS and the project dates, which it cannot compare).
  const comparable: GroupFields = { ...asked, invitePermission: undefined, projectStart: undefined, projectFinish: undefined };
  const notApplied = Object.keys(changedFields(groupAfter, comparable)).length > 0;
  if (written.value !== groupId || notApplied) {
    return refuse(portalRefused(groupId, operation, '', 'Bitrix24 answered but the group does not show the change'));
  }
  return succeed({ group: groupAfter, changed: true });
}

/**
 * deleteGroup: irreversible, so the caller confirms with the group's exact current name; a mismatch is refused after
 * the checks, before any write. The re-read in the write's batch must no longer find the group.
 */
export async function deleteGroup(context: WorkgroupContext, input: { groupId: number; confirmName: string }): Promise<Outcome<GroupDeleted, DeleteRefusals>> {
  const { groupId } = input;
  const { loaders } = context;
  const callerUserId = callerIdForAudit(context);
  const [group, facts] = await Promise.all([loaders.groupById.load(groupId), readPermissionFacts(context, groupId)]);
  if (!group) return refuse({ kind: 'GROUP_NOT_FOUND', groupId });
  const may = permissionsFrom(group, facts);
  if (input.confirmName !== group.name) return refuse({ kind: 'CONFIRMATION_MISMATCH', groupId });

  const session = context.session();
  const batch = Promise.all([attempt(session, moderationMethods.sonetGroupDelete, { groupId }), rereadGroup(session, groupId)]);
  let outcome: Outcome<GroupDeleted, DeleteRefusals> | undefined;
  await auditedWrite(context, { operation: 'deleteGroup', groupId, callerUserId }, batch, ([written, groupAfter]) => {
    outcome = decideDelete(groupId, may, written, groupAfter);
    return outcome.ok ? { outcome: 'APPLIED' } : { outcome: 'REFUSED', detail: outcome.refusal.kind };
  });
  loaders.afterWrite(groupId, { group: null });
  if (outcome!.ok) {
    context.changes.groupChanged({ kind: 'GROUP_DELETED', groupId, userIds: [] });
  }
  return outcome!;
}

/** The outcome of a delete, from its answer and the re-read. Pure. */
export function decideDelete(groupId: number, may: GroupViewerPermissions, written: Attempt<boolean>, groupAfter: Group | null): Outcome<GroupDeleted, DeleteRefusals> {
  if (written.ok && written.value && !groupAfter) return succeed({ groupId });
  if (!written.ok) {
    if (!groupAfter) return refuse({ kind: 'GROUP_NOT_FOUND', groupId });
    return refuse(refusalFromChecks(groupId, 'deleteGroup', may.delete, written.refusal.code, written.refusal.description));
  }
  return refuse(portalRefused(groupId, 'deleteGroup', '', 'Bitrix24 answered but the group is still there'));
}
