/**
 * The live-update fan-out. Subscriptions are grouped by caller token ("user" below). A signal says only which group
 * changed; each user watching it is re-read as themself, with FRESH loaders (nothing cached between events or
 * across users), and all of one user's re-reads in one tick share one set of loaders, hence one upstream batch:
 *   - the watched group and its members (groupChanged);
 *   - for viewerGroupsChanged: the user's own groups (the legacy list: member roles only), and for each group the
 *     signals named, the user's standing in it (pending request or invitation included; BITRIX24_D7_API=on) and
 *     the group itself, so a change of a named group needs nothing more: 1 request in all;
 *   - the groups a viewerGroupsChanged reports that were not read in the first request (a change the legacy list
 *     shows in a group no signal named, e.g. after a lost event): at most 1 more.
 * Each user keeps snapshots of what they could see, and only real differences are emitted (decide.ts). The cost of
 * an event is therefore ≤ 2 requests per distinct user watching, whatever the number of their subscriptions.
 */
import { decideGroupChange, nextViewerView, viewerGroupsDiff, type GroupChangeKind, type GroupView } from './decide.js';
import { LiveUpdateError } from './errors.js';
import { createOutbox, type Outbox } from './queue.js';
import type { GroupSignal } from '../signals.js';

/** One user's reads for one tick, over one fresh set of loaders. */
export interface LiveReader<G> {
  group(id: number): Promise<G | null>;
  /** Members and roles, or null when this user may not read them. */
  members(id: number): Promise<ReadonlyArray<{ userId: number; role: string }> | null>;
  /** The user's own relation to each group they are a member of (groupId → OWNER, MODERATOR or MEMBER). */
  viewerGroups(): Promise<ReadonlyMap<number, string>>;
  /**
   * The user's relation to one group, pending states included (OWNER … REQUEST_PENDING, INVITATION_PENDING, NONE),
   * or null when the group is not visible to them. Absent when it cannot be read (BITRIX24_D7_API=off): then
   * viewerGroupsChanged sees member roles only.
   */
  relation?(id: number): Promise<string | null>;
}

export interface LiveRead<G, L> {
  reader: LiveReader<G>;
  /** The loaders behind the reader, handed to the GraphQL layer so the payload's fields resolve from them. */
  loaders: L;
}

export interface GroupChangeEvent<G, L> {
  kind: GroupChangeKind;
  groupId: number;
  group: G | null;
  loaders: L;
}

export interface ViewerGroupsChangeEvent<G, L> {
  groupId: number;
  group: G | null;
  loaders: L;
}

/** Who is subscribing: their token on their portal (a token belongs to one portal). */
export interface LiveCaller {
  token: string;
  /** The portal's origin, e.g. https://your-portal.bitrix24.com. */
  portal: string;
}

export interface LiveHubOptions<G, L> {
  /** A fresh read for this caller: new loaders over a new session. */
  openRead(caller: LiveCaller): LiveRead<G, L>;
  /** True when Bitrix24 said the token is expired or invalid: the user's subscriptions end with UNAUTHENTICATED. */
  isAuthFailure(error: unknown): boolean;
  maxSubscriptionsPerToken: number;
  /** Undelivered changes one subscription may hold before it is dropped as a slow consumer. */
  maxQueuedPerSubscription: number;
  maxGroupsPerSubscription: number;
  onError?(error: unknown): void;
}

interface GroupSub<G, L> {
  ids: ReadonlySet<number>;
  out: Outbox<GroupChangeEvent<G, L>>;
}

interface Job {
  /** Watched groups to re-read for groupChanged. */
  groups: Set<number>;
  deletes: Set<number>;
  viewer: boolean;
  /** Every group a signal named, for viewerGroupsChanged: the user's relation to each is read. */
  named: Set<number>;
  done: Promise<void>;
  settle(error?: unknown): void;
}

/** Stable JSON: members sorted, so equal states serialise equally. */
function viewOf<G>(group: G | null, members: ReadonlyArray<{ userId: number; role: string }> | null): GroupView {
  return {
    group: group === null ? null : JSON.stringify(group),
    members: members === null ? null : JSON.stringify([...members].map((m) => [m.userId, m.role]).sort((a, b) => Number(a[0]) - Number(b[0]))),
  };
}

/**
 * Both reads leave in the same tick. Members of a group the user cannot see are unreadable by design (null); a
 * members failure for a group they can see is a real failure and fails the whole re-read (snapshots unchanged).
 */
async function readGroupAndMembers<G>(reader: LiveReader<G>, id: number): Promise<[G | null, ReadonlyArray<{ userId: number; role: string }> | null]> {
  const members = reader.members(id).then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const group = await reader.group(id);
  const outcome = await members;
  if (group === null) return [null, null];
  if (!outcome.ok) throw outcome.error;
  return [group, outcome.value];
}

class UserState<G, L> {
  readonly groupSubs = new Set<GroupSub<G, L>>();
  readonly viewerSubs = new Set<Outbox<ViewerGroupsChangeEvent<G, L>>>();
  readonly groupViews = new Map<number, GroupView>();
  viewerView: ReadonlyMap<number, string> | undefined;
  private pending: Job | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    readonly key: string,
    readonly caller: LiveCaller,
    private readonly hub: LiveHub<G, L>,
  ) {}

  get size(): number {
    return this.groupSubs.size + this.viewerSubs.size;
  }

  watches(groupId: number): boolean {
    for (const sub of this.groupSubs) if (sub.ids.has(groupId)) return true;
    return false;
  }

  /** Merges into this tick's job; the job runs once the tick ends, after the previous job of this user. */
  schedule(groups: Iterable<number>, deletes: Iterable<number>, viewer: boolean, named: Iterable<number> = []): Promise<void> {
    let job = this.pending;
    if (!job) {
      let settle!: (error?: unknown) => void;
      const done = new Promise<void>((resolve, reject) => {
        settle = (error) => (error === undefined ? resolve() : reject(error));
      });
      job = { groups: new Set(), deletes: new Set(), viewer: false, named: new Set(), done, settle };
      this.pending = job;
      const scheduled = job;
      setImmediate(() => {
        this.pending = undefined;
        this.chain = this.chain.then(() => this.run(scheduled));
      });
    }
    for (const id of groups) job.groups.add(id);
    for (const id of deletes) job.deletes.add(id);
    for (const id of named) job.named.add(id);
    job.viewer ||= viewer;
    return job.done;
  }

  private async run(job: Job): Promise<void> {
    if (this.size === 0) return job.settle();
    const { reader, loaders } = this.hub.options.openRead(this.caller);
    const groupIds = [...job.groups].filter((id) => this.watches(id));
    const wantViewer = job.viewer && this.viewerSubs.size > 0;
    const named = wantViewer ? [...job.named] : [];
    const readRelation = reader.relation?.bind(reader);
    // A failed standing read (e.g. a token without the `socialnetwork` scope) tells nothing about pending states:
    // it counts as "cannot tell" (null, the pending entry is kept as it was) and must not cost the user the rest of
    // the re-read (groupChanged, member roles). It is reported once the job is done.
    let relationFailure: unknown;
    const relationOrUnknown = (read: (id: number) => Promise<string | null>) => (id: number): Promise<string | null> =>
      read(id).catch((error: unknown) => {
        relationFailure ??= error;
        return null;
      });
    try {
      // Everything below is issued in one tick: one batch.
      const [reads, viewerNow, relations, namedGroups] = await Promise.all([
        Promise.all(groupIds.map((id) => readGroupAndMembers(reader, id))),
        wantViewer ? reader.viewerGroups() : Promise.resolve(undefined),
        readRelation ? Promise.all(named.map(relationOrUnknown(readRelation))) : Promise.resolve([]),
        // Read now, in the same batch, in case the relation changed: saves the second request for the common case.
        Promise.all(named.map((id) => reader.group(id).catch(() => null))),
      ]);
      const readGroups = new Map<number, G | null>(named.map((id, index) => [id, namedGroups[index] ?? null]));
      groupIds.forEach((groupId, index) => {
        const [group, members] = reads[index]!;
        readGroups.set(groupId, group);
        const after = viewOf(group, members);
        const kind = decideGroupChange(this.groupViews.get(groupId), after, job.deletes.has(groupId));
        this.groupViews.set(groupId, after);
        if (kind === undefined) return;
        for (const sub of this.groupSubs) if (sub.ids.has(groupId)) sub.out.push({ kind, groupId, group, loaders });
      });
      if (viewerNow !== undefined) {
        const after = nextViewerView(this.viewerView, {
          memberships: viewerNow,
          relations: new Map(relations.map((relation, index) => [named[index]!, relation])),
          deleted: job.deletes,
        });
        const changed = viewerGroupsDiff(this.viewerView, after);
        this.viewerView = after;
        if (changed.length > 0) {
          // The second (and last) request: groups the first one did not read.
          const groups = await Promise.all(
            changed.map((id) => (readGroups.has(id) ? Promise.resolve(readGroups.get(id) ?? null) : reader.group(id).catch(() => null))),
          );
          changed.forEach((groupId, index) => {
            for (const out of this.viewerSubs) out.push({ groupId, group: groups[index] ?? null, loaders });
          });
        }
      }
      if (relationFailure !== undefined) this.hub.options.onError?.(relationFailure);
      job.settle();
    } catch (error) {
      if (this.hub.options.isAuthFailure(error)) {
        this.hub.endUser(this, new LiveUpdateError('UNAUTHENTICATED', 'The Bitrix24 access token has expired or is invalid; subscribe again with a fresh token.'));
      } else {
        this.hub.options.onError?.(error);
      }
      job.settle(error);
    }
  }

  /** Resolves when this user's scheduled and running re-reads are done. */
  async settled(): Promise<void> {
    await this.pending?.done.catch(() => undefined);
    await this.chain;
  }

  /** Forgets snapshots nobody watches any more. */
  prune(): void {
    for (const groupId of this.groupViews.keys()) if (!this.watches(groupId)) this.groupViews.delete(groupId);
    if (this.viewerSubs.size === 0) this.viewerView = undefined;
  }
}

function shuttingDown(): LiveUpdateError {
  return new LiveUpdateError('SHUTTING_DOWN', 'The gateway is shutting down; reconnect to another instance.');
}

export class LiveHub<G, L> {
  private readonly users = new Map<string, UserState<G, L>>();
  private closed = false;

  constructor(readonly options: LiveHubOptions<G, L>) {}

  /** Subscriptions open now (for metrics and tests). */
  get subscriptionCount(): number {
    let n = 0;
    for (const state of this.users.values()) n += state.size;
    return n;
  }

  private admit(caller: LiveCaller): UserState<G, L> {
    if (this.closed) throw shuttingDown();
    const key = `${caller.portal} ${caller.token}`;
    let state = this.users.get(key);
    if (state && state.size >= this.options.maxSubscriptionsPerToken) {
      throw new LiveUpdateError(
        'TOO_MANY_SUBSCRIPTIONS',
        `At most ${this.options.maxSubscriptionsPerToken} live subscriptions per token; close one before opening another.`,
      );
    }
    if (!state) {
      state = new UserState(key, { ...caller }, this);
      this.users.set(key, state);
    }
    return state;
  }

  private release(state: UserState<G, L>): void {
    state.prune();
    if (state.size === 0 && this.users.get(state.key) === state) this.users.delete(state.key);
  }

  /** Starts watching groups: the first read is the baseline and checks the token (it throws UNAUTHENTICATED). */
  async watchGroups(caller: LiveCaller, ids: readonly number[]): Promise<AsyncIterableIterator<GroupChangeEvent<G, L>>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0 || unique.length > this.options.maxGroupsPerSubscription) {
      throw new LiveUpdateError('BAD_USER_INPUT', `ids must name from 1 to ${this.options.maxGroupsPerSubscription} groups; received ${unique.length}.`);
    }
    const state = this.admit(caller);
    const sub: GroupSub<G, L> = {
      ids: new Set(unique),
      out: createOutbox(this.options.maxQueuedPerSubscription, () => {
        state.groupSubs.delete(sub);
        this.release(state);
      }),
    };
    state.groupSubs.add(sub);
    await this.start(state, sub.out, state.schedule(unique, [], false));
    return sub.out;
  }

  async watchViewerGroups(caller: LiveCaller): Promise<AsyncIterableIterator<ViewerGroupsChangeEvent<G, L>>> {
    const state = this.admit(caller);
    const out: Outbox<ViewerGroupsChangeEvent<G, L>> = createOutbox(this.options.maxQueuedPerSubscription, () => {
      state.viewerSubs.delete(out);
      this.release(state);
    });
    state.viewerSubs.add(out);
    await this.start(state, out, state.schedule([], [], true));
    return out;
  }

  private async start(state: UserState<G, L>, out: Outbox<unknown>, baseline: Promise<void>): Promise<void> {
    try {
      await baseline;
    } catch (error) {
      void out.return?.();
      if (error instanceof LiveUpdateError) throw error;
      if (this.options.isAuthFailure(error)) {
        throw new LiveUpdateError('UNAUTHENTICATED', 'The Bitrix24 access token has expired or is invalid.');
      }
      throw new LiveUpdateError('UPSTREAM_UNAVAILABLE', 'Bitrix24 could not be read to start the subscription; try again.');
    }
    // Ended during its first read: by close() (shutting down), or else by a re-read of this user that found the
    // token expired (endUser).
    if (out.closed) throw this.closed ? shuttingDown() : new LiveUpdateError('UNAUTHENTICATED', 'The Bitrix24 access token has expired or is invalid.');
  }

  /** A signal from the bus: schedule a re-read for every user it may concern. */
  onSignal(signal: GroupSignal): void {
    for (const state of this.users.values()) {
      // Group ids are per portal: a signal from another portal concerns nobody here.
      if (signal.portal !== undefined && signal.portal !== state.caller.portal) continue;
      const watches = state.watches(signal.groupId);
      // Bitrix24 never says whose relation changed, so every viewerGroupsChanged subscriber re-reads its own groups
      // and its relation to the group named.
      const viewer = state.viewerSubs.size > 0;
      if (!watches && !viewer) continue;
      state
        .schedule(watches ? [signal.groupId] : [], signal.kind === 'DELETE' ? [signal.groupId] : [], viewer, viewer ? [signal.groupId] : [])
        .catch(() => undefined /* reported by run() */);
    }
  }

  endUser(state: UserState<G, L>, error: Error): void {
    for (const sub of [...state.groupSubs]) sub.out.fail(error);
    for (const out of [...state.viewerSubs]) out.fail(error);
    this.users.delete(state.key);
  }

  /** Resolves when no re-read is scheduled or running (tests and benchmarks wait on it instead of sleeping). */
  async idle(): Promise<void> {
    await Promise.all([...this.users.values()].map((state) => state.settled()));
  }

  /** Ends every stream normally (graceful shutdown); new subscriptions are refused. */
  close(): void {
    this.closed = true;
    for (const state of [...this.users.values()]) {
      for (const sub of [...state.groupSubs]) void sub.out.return?.();
      for (const out of [...state.viewerSubs]) void out.return?.();
    }
    this.users.clear();
  }
}
