/**
 * Reads for the moderators' operations, built from their descriptors. Like api.ts, each issues all its calls in one
 * tick, so they leave with whatever else the same GraphQL level asks for.
 */
import { IDS_PER_CALL } from './api.js';
import { invoke } from './descriptor.js';
import { usertogroupList, workgroupAccessList, type GroupAccess, type Relation } from './moderation-methods.js';
import { BATCH_MAX_COMMANDS, type Bitrix24Session } from './session.js';

/** INITIATE_PERMS, owner and the caller's own relation for each id the caller may see; the others are absent. */
export async function getGroupAccess(session: Bitrix24Session, ids: readonly number[]): Promise<Map<number, GroupAccess>> {
  const unique = [...new Set(ids)];
  const calls: Promise<GroupAccess[]>[] = [];
  for (let index = 0; index < unique.length; index += IDS_PER_CALL) {
    calls.push(invoke(session, workgroupAccessList, { ids: unique.slice(index, index + IDS_PER_CALL) }));
  }
  const byId = new Map<number, GroupAccess>();
  for (const page of await Promise.all(calls)) for (const access of page) byId.set(access.groupId, access);
  return byId;
}

/** Upstream pages of 50 relations; a page of the D7 list holds 50 rows. */
export const RELATIONS_PER_PAGE = 50;

/**
 * Every pending relation of a group (requests and invitations). usertogroup.list checks no permission: call it only
 * for a caller already allowed to see them. The first page tells the total; the rest leave together in one batch
 * (a second request only when there are more than 50).
 */
export async function getPendingRelations(session: Bitrix24Session, groupId: number): Promise<Relation[]> {
  const first = await invoke(session, usertogroupList, { groupId, pending: 'ANY' });
  const starts: number[] = [];
  for (let start = RELATIONS_PER_PAGE; start < first.total && starts.length < BATCH_MAX_COMMANDS; start += RELATIONS_PER_PAGE) starts.push(start);
  const rest = await Promise.all(starts.map((start) => invoke(session, usertogroupList, { groupId, pending: 'ANY', start })));
  return [first, ...rest].flatMap((page) => page.relations);
}
