/**
 * DataLoaders over the caller's Bitrix24 session, made by a factory: one set per GraphQL request, hence per token,
 * and a fresh set whenever a long-lived operation (a subscription's event) needs current data. Nothing cached here
 * outlives its set or crosses to another caller.
 *
 * Each loader turns one tick's keys into as few calls as possible (ids are merged 50 per call); the session then
 * coalesces the calls of every loader that dispatched in that tick into one HTTP request.
 */
import DataLoader from 'dataloader';
import {
  attempt,
  getCurrentUser,
  getGroupMembers,
  getGroupsByIds,
  getUsersByIds,
  getViewerGroups,
  invoke,
  lifecycleMethods,
  type Bitrix24Session,
  type Group,
  type GroupGateFacts,
  type GroupMembership,
  type GroupStanding,
  type Profile,
  type User,
  type ViewerGroup,
} from '../bitrix24/index.js';

/**
 * 2,500 ids = 50 calls of 50 ids = one full `batch` request. Larger key sets are split by DataLoader and still
 * leave in the same tick, so the session sends ceil(calls / 50) batches.
 */
const MAX_IDS_PER_DISPATCH = 2_500;

export interface Loaders {
  groupById: DataLoader<number, Group | null>;
  userById: DataLoader<number, User | null>;
  membersByGroup: DataLoader<number, GroupMembership[]>;
  viewer: () => Promise<User>;
  viewerGroups: () => Promise<ViewerGroup[]>;
  /**
   * The caller's standing in a group (relation incl. pending request or invitation, may-leave, INITIATE_PERMS): one
   * `socialnetwork.api.workgroup.get` per group, all of one tick in one batch. null: not found or not visible.
   */
  standing: DataLoader<number, GroupStanding | null>;
  /**
   * The gate facts of Group.membershipRequests read ahead with a page of groups (membership-requests.ts): `remember`
   * keeps one page's read; `find` answers a group's facts from the reads remembered so far, or undefined (none read
   * ahead, the read failed, the mirror did not return the group, or a write touched it since), and the caller then
   * takes the per-group `standing` read.
   */
  gateFacts: GateFactsCache;
  /** The caller's id (`profile`, which needs no scope). */
  profile: () => Promise<Profile>;
  /**
   * After a write to a group: forget what this set read about it (the group, its members, the caller's groups),
   * then keep what the write's own re-read returned, so the payload costs no further request.
   */
  afterWrite(groupId: number, reread: { group?: Group | null; viewerGroups?: ViewerGroup[]; standing?: GroupStanding | null }): void;
}

export interface GateFactsCache {
  remember(read: Promise<readonly GroupGateFacts[]>): void;
  find(groupId: number): Promise<GroupGateFacts | undefined>;
  forget(groupId: number): void;
}

/**
 * Not a DataLoader: the reads are keyed by page (filter, order, start), the answers by group id, and the ids are only
 * known once the page is back. A failed read is no answer (the per-group path decides instead), never an error.
 */
function createGateFactsCache(): GateFactsCache {
  const reads: Promise<readonly GroupGateFacts[]>[] = [];
  const stale = new Set<number>();
  return {
    remember(read) {
      reads.push(read.catch(() => []));
    },
    async find(groupId) {
      if (stale.has(groupId)) return undefined;
      const pages = await Promise.all(reads);
      for (const page of pages) {
        const facts = page.find((row) => row.groupId === groupId);
        if (facts) return facts;
      }
      return undefined;
    },
    forget(groupId) {
      stale.add(groupId);
    },
  };
}

/** Makes a fresh set of loaders; the context keeps one per request and hands the factory to long-lived operations. */
export type LoaderFactory = () => Loaders;

function once<T>(load: () => Promise<T>): { get: () => Promise<T>; set: (value: T | undefined) => void } {
  let pending: Promise<T> | undefined;
  return {
    get: () => (pending ??= load()),
    set: (value) => {
      pending = value === undefined ? undefined : Promise.resolve(value);
    },
  };
}

/**
 * `session` is asked for lazily, on the first load: a request without a token builds its loaders like any other
 * and fails with UNAUTHENTICATED only if a resolver actually needs Bitrix24.
 */
export function createLoaders(session: () => Bitrix24Session): Loaders {
  const groupById = new DataLoader<number, Group | null>(
    async (ids) => {
      const found = await getGroupsByIds(session(), ids);
      return ids.map((id) => found.get(id) ?? null);
    },
    { maxBatchSize: MAX_IDS_PER_DISPATCH },
  );
  const userById = new DataLoader<number, User | null>(
    async (ids) => {
      const found = await getUsersByIds(session(), ids);
      return ids.map((id) => found.get(id) ?? null);
    },
    { maxBatchSize: MAX_IDS_PER_DISPATCH },
  );
  // Bitrix24 has no multi-group member listing: one sonet_group.user.get per group, all in one tick. A failure is
  // returned per key, so one group's error never fails its neighbours.
  const membersByGroup = new DataLoader<number, GroupMembership[]>((groupIds) =>
    Promise.all(groupIds.map((groupId) => getGroupMembers(session(), groupId).catch((error: unknown) => error as Error))),
  );
  // Bitrix24 has no multi-group workgroup.get: one call per group, all in one tick. Not found is an answer (null);
  // any other failure is returned per key, so one group's error never fails its neighbours.
  const standing = new DataLoader<number, GroupStanding | null>((groupIds) =>
    Promise.all(
      groupIds.map((groupId) =>
        attempt(session(), lifecycleMethods.workgroupStanding, { groupId }).then(
          (answer) => (answer.ok ? answer.value : null),
          (error: unknown) => error as Error,
        ),
      ),
    ),
  );
  const gateFacts = createGateFactsCache();
  const profile = once(() => invoke(session(), lifecycleMethods.profile, undefined));
  const viewer = once(() => getCurrentUser(session()));
  const viewerGroups = once(() => getViewerGroups(session()));
  return {
    groupById,
    userById,
    membersByGroup,
    viewer: viewer.get,
    viewerGroups: viewerGroups.get,
    standing,
    gateFacts,
    profile: profile.get,
    afterWrite(groupId, reread) {
      groupById.clear(groupId);
      if (reread.group !== undefined) groupById.prime(groupId, reread.group);
      membersByGroup.clear(groupId);
      viewerGroups.set(reread.viewerGroups);
      standing.clear(groupId);
      gateFacts.forget(groupId);
      if (reread.standing !== undefined) standing.prime(groupId, reread.standing);
    },
  };
}
