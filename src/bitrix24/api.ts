/**
 * Reads built from the method descriptors, for the loaders and the list query. Each function issues all its calls
 * in one tick, so whatever else the same GraphQL request asks for in that tick leaves in the same HTTP request.
 */
import { invoke } from './descriptor.js';
import { toGroupFilter, toGroupOrder, planPages, type GroupFilter, type GroupOrder, type PagePlan, type SortDirection } from './group-query.js';
import { sonetGroupGet, sonetGroupUserGet, sonetGroupUserGroups, userCurrent, userGet } from './methods.js';
import type { Group, GroupMembership, User, ViewerGroup } from './model.js';
import { BATCH_MAX_COMMANDS, type Bitrix24Session } from './session.js';

/** Ids per `sonet_group.get` / `user.get` call: one upstream page holds 50 rows. */
export const IDS_PER_CALL = 50;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let index = 0; index < items.length; index += size) out.push(items.slice(index, index + size));
  return out;
}

/** Groups by id, as the caller may see them; invisible or missing ids are simply absent from the map. */
export async function getGroupsByIds(session: Bitrix24Session, ids: readonly number[]): Promise<Map<number, Group>> {
  const pages = await Promise.all(chunks([...new Set(ids)], IDS_PER_CALL).map((chunk) => invoke(session, sonetGroupGet, { filter: { ID: chunk } })));
  const byId = new Map<number, Group>();
  for (const page of pages) for (const group of page.groups) byId.set(group.id, group);
  return byId;
}

export async function getUsersByIds(session: Bitrix24Session, ids: readonly number[]): Promise<Map<number, User>> {
  const pages = await Promise.all(chunks([...new Set(ids)], IDS_PER_CALL).map((chunk) => invoke(session, userGet, { ids: chunk })));
  const byId = new Map<number, User>();
  for (const page of pages) for (const user of page) byId.set(user.id, user);
  return byId;
}

export function getGroupMembers(session: Bitrix24Session, groupId: number): Promise<GroupMembership[]> {
  return invoke(session, sonetGroupUserGet, { groupId });
}

export function getCurrentUser(session: Bitrix24Session): Promise<User> {
  return invoke(session, userCurrent, undefined);
}

export function getViewerGroups(session: Bitrix24Session): Promise<ViewerGroup[]> {
  return invoke(session, sonetGroupUserGroups, undefined);
}

export interface GroupPage {
  groups: Group[];
  totalCount: number;
}

/**
 * A page that needs more upstream pages than one batch carries. Configuration validation keeps it unreachable
 * (MAX_PAGE_SIZE); it is a typed error with a stable code, not a RangeError, in case that ever changes.
 */
export class PageTooLargeError extends Error {
  override readonly name = 'PageTooLargeError';
  readonly code = 'PAGE_TOO_LARGE';
  constructor(readonly rows: number) {
    super(`a page of ${rows} rows needs more than ${BATCH_MAX_COMMANDS} upstream pages`);
  }
}

/** A page of the group list, as `listGroups` takes it. */
export interface GroupPageQuery {
  filter?: GroupFilter | null | undefined;
  orderBy?: readonly GroupOrder[] | null | undefined;
  offset: number;
  count: number;
}

/** The `sonet_group.get` requests behind a page of the group list. */
export interface GroupPagesPlan extends PagePlan {
  filter: Record<string, unknown>;
  order: Record<string, SortDirection>;
}

/**
 * The FILTER, ORDER and upstream pages behind rows [offset, offset + count) of the group list; null when the filter
 * matches nothing (no call at all). Throws PageTooLargeError past one batch. listGroups and readGroupGateFacts both
 * plan through it, so the gate facts mirror reads exactly the list's pages.
 */
export function planGroupPages(query: GroupPageQuery): GroupPagesPlan | null {
  const filter = toGroupFilter(query.filter);
  if (filter === null) return null;
  const order = toGroupOrder(query.orderBy);
  const plan = planPages(query.offset, query.count);
  if (plan.starts.length > BATCH_MAX_COMMANDS) throw new PageTooLargeError(query.count);
  return { ...plan, filter, order };
}

/**
 * Rows [offset, offset + count) of a list paged upstream by 50 (`start`), from the pages `plan` names (planPages),
 * all requested in one tick: they leave as one batch, before the total is known. The total is the largest any page
 * reports, in case a row was added between pages. A `start` past the end does not answer [] upstream: the list
 * clamps it to the last page, which would repeat rows; only the pages that really exist are kept.
 */
export async function readPages<P extends { total: number }, R>(
  plan: PagePlan,
  count: number,
  readPage: (start: number) => Promise<P>,
  rowsOf: (page: P) => readonly R[],
): Promise<{ rows: R[]; totalCount: number }> {
  const pages = await Promise.all(plan.starts.map((start) => readPage(start)));
  const totalCount = Math.max(0, ...pages.map((page) => page.total));
  const rows = pages.filter((_page, index) => index === 0 || plan.starts[index]! < totalCount).flatMap((page) => rowsOf(page));
  return { rows: rows.slice(plan.skip, plan.skip + count), totalCount };
}

/** Rows [offset, offset + count) of a filtered, ordered group list; all upstream pages in one tick. */
export async function listGroups(session: Bitrix24Session, query: GroupPageQuery): Promise<GroupPage> {
  const plan = planGroupPages(query);
  if (plan === null) return { groups: [], totalCount: 0 };
  const { filter, order } = plan;
  const { rows, totalCount } = await readPages(plan, query.count, (start) => invoke(session, sonetGroupGet, { filter, order, start }), (page) => page.groups);
  return { groups: rows, totalCount };
}
