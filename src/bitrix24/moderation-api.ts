/**
 * Reads for the moderators' operations, built from their descriptors. Like api.ts, each queues its first calls in one
 * tick, so they leave with whatever else the same GraphQL level asks for; getPendingRelations then waits for its
 * first page to know the total before it asks for the others.
 */
import { PageTooLargeError, planGroupPages, type GroupPageQuery, type GroupPagesPlan } from './api.js';
import { invoke } from './descriptor.js';
import { UPSTREAM_PAGE_SIZE } from './group-query.js';
import { usertogroupList, workgroupGateFacts, type Relation } from './moderation-methods.js';
import { BATCH_MAX_COMMANDS, type Bitrix24Session } from './session.js';
import type { GroupGateFacts } from './standing.js';

/**
 * Every pending relation of a group (requests and invitations). usertogroup.list checks no permission: call it only
 * for a caller already allowed to see them. The first page tells the total; the rest leave together in one batch
 * (a second request only when there are more than 50).
 */
export async function getPendingRelations(session: Bitrix24Session, groupId: number): Promise<Relation[]> {
  const first = await invoke(session, usertogroupList, { groupId, pending: 'ANY' });
  const starts: number[] = [];
  for (let start = UPSTREAM_PAGE_SIZE; start < first.total && starts.length < BATCH_MAX_COMMANDS; start += UPSTREAM_PAGE_SIZE) starts.push(start);
  const rest = await Promise.all(starts.map((start) => invoke(session, usertogroupList, { groupId, pending: 'ANY', start })));
  return [first, ...rest].flatMap((page) => page.relations);
}

/**
 * The gate facts of every group on a page of `listGroups`: one `socialnetwork.api.workgroup.list` (mode=mobile) per
 * `sonet_group.get` page that listGroups sends, with the same filter, order and start, queued synchronously so that,
 * called in the same tick as listGroups, they leave in its batch. Groups the mirror does not return are simply
 * absent: the caller falls back to the per-group read for them. [] without a call when the page needs none (an
 * empty ids filter, a page listGroups itself would refuse).
 */
export async function readGroupGateFacts(session: Bitrix24Session, query: GroupPageQuery): Promise<GroupGateFacts[]> {
  let plan: GroupPagesPlan | null;
  try {
    plan = planGroupPages(query);
  } catch (error) {
    if (error instanceof PageTooLargeError) return [];
    throw error;
  }
  if (plan === null) return [];
  const { filter, order } = plan;
  const pages = await Promise.all(plan.starts.map((start) => invoke(session, workgroupGateFacts, { filter, order, start })));
  return pages.flat();
}
