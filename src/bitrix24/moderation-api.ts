/**
 * Reads for the moderators' operations, built from their descriptors. Like api.ts, each issues all its calls in one
 * tick, so they leave with whatever else the same GraphQL level asks for.
 */
import { invoke } from './descriptor.js';
import { usertogroupList, type Relation } from './moderation-methods.js';
import { BATCH_MAX_COMMANDS, type Bitrix24Session } from './session.js';

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
