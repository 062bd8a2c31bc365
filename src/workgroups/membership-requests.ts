/**
 * A group's pending membership requests, for those who may answer them. Bitrix24's `usertogroup.list` checks no
 * permission (any caller could read any group's requests, secret groups included), so the gate comes first and
 * fails closed: `viewerCan.processRequests`, from the caller's standing in the group (the same read as
 * Group.viewerCan, shared by every group of the page), decides; only then is the list read. With
 * BITRIX24_D7_API=off the list is never read (null).
 */
import { invoke, moderationMethods, RELATIONS_PER_PAGE, type Group, type Relation } from '../bitrix24/index.js';
import type { WorkgroupContext } from './context.js';
import { permissionsFrom, readPermissionFacts } from './moderation-rules.js';

export interface MembershipRequest extends Relation {
  kind: 'REQUEST';
}

export interface MembershipRequestPage {
  requests: MembershipRequest[];
  totalCount: number;
}

/** The largest page: one upstream page of the D7 list holds 50 rows, so a page costs at most two calls. */
export const MAX_REQUESTS_PAGE = 50;

/** Rows [offset, offset + count) of the group's pending requests, oldest first; null when the caller may not see them. */
export async function listMembershipRequests(
  context: WorkgroupContext,
  input: { group: Group; offset: number; count: number },
): Promise<MembershipRequestPage | null> {
  if (!context.d7Api) return null;
  const groupId = input.group.id;
  const facts = await readPermissionFacts(context, groupId);
  if (!permissionsFrom(input.group, facts).processRequests) return null;
  const session = context.session();
  const firstStart = Math.floor(input.offset / RELATIONS_PER_PAGE) * RELATIONS_PER_PAGE;
  const starts = [firstStart];
  if (input.offset + input.count > firstStart + RELATIONS_PER_PAGE) starts.push(firstStart + RELATIONS_PER_PAGE);
  // All calls in one tick: with the other groups of the page, one batch.
  const pages = await Promise.all(
    starts.map((start) => invoke(session, moderationMethods.usertogroupList, { groupId, pending: 'REQUEST', start })),
  );
  const totalCount = Math.max(...pages.map((page) => page.total));
  const rows = pages
    .filter((_page, index) => index === 0 || starts[index]! < totalCount)
    .flatMap((page) => page.relations)
    .filter((relation): relation is MembershipRequest => relation.kind === 'REQUEST' && relation.groupId === groupId);
  const skip = input.offset - firstStart;
  return { requests: rows.slice(skip, skip + input.count), totalCount };
}
