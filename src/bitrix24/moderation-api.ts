/**
 * Reads for the moderators' operations, built from their descriptors. Like api.ts, each queues its first calls in one
 * tick, so they leave with whatever else the same GraphQL level asks for; getPendingRelations then waits for its
 * first page to know the total before it asks for the others.
 */
import { invoke } from './descriptor.js';
import { planPages, toGroupFilter, toGroupOrder, type GroupFilter, type GroupOrder } from './group-query.js';
import { usertogroupList, workgroupGateFacts, type Relation } from './moderation-methods.js';
import { BATCH_MAX_COMMANDS, type Bitrix24Session } from './session.js';
import type { GroupGateFacts } from './standing.js';

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

/** A page of the group list, as `listGroups` takes it. */
export interface GroupPageQuery {
  filter?: GroupFilter | null | undefined;
  orderBy?: readonly GroupOrder[] | null | undefined;
  offset: number;
  count: number;
}

/**
 * The gate facts of every group on a page of `listGroups`: one `socialnetwork.api.workgroup.list` (mode=mobile) per
 * `sonet_group.get` page that listGroups sends, with the same filter, order and start, queued synchronously so that,
 * called in the same tick as listGroups, they leave in its batch. Groups the mirror does not return are simply
 * absent: the caller falls back to the per-group read for them. [] without a call when the page needs none (an
 * empty ids filter, a page listGroups itself would refuse).
 */
export async function readGroupGateFacts(session: Bitrix24Session, query: GroupPageQuery): Promise<GroupGateFacts[]> {
  const filter = toGroupFilter(query.filter);
  if (filter === null) return [];
  const order = toGroupOrder(query.orderBy);
  const plan = planPages(query.offset, query.count);
  if (plan.starts.length > BATCH_MAX_COMMANDS) return [];
  const pages = await Promise.all(plan.starts.map((start) => invoke(session, workgroupGateFacts, { filter, order, start })));
  return pages.flat();
}
