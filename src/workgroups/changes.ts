/**
 * What a use case changed, for live updates (subscriptions). The events task implements ChangeSink (pub/sub, in
 * memory or across replicas); until then the default sink does nothing. A change names ids only: every subscriber
 * re-reads the group as itself, so nothing one caller may see leaks to another.
 */
export type GroupChangeKind =
  | 'MEMBERSHIP_REQUESTED'
  | 'MEMBER_JOINED'
  | 'REQUEST_CANCELLED'
  | 'REQUEST_ACCEPTED'
  | 'REQUEST_DENIED'
  | 'MEMBER_INVITED'
  | 'INVITATION_ACCEPTED'
  | 'INVITATION_DECLINED'
  | 'MEMBER_LEFT'
  | 'MEMBER_REMOVED'
  | 'ROLE_CHANGED'
  | 'OWNER_CHANGED'
  | 'GROUP_CREATED'
  | 'GROUP_UPDATED'
  | 'GROUP_ARCHIVED'
  | 'GROUP_UNARCHIVED'
  | 'GROUP_DELETED';

export interface GroupChange {
  kind: GroupChangeKind;
  groupId: number;
  /** Users other than the caller whose relation to the group changed. */
  userIds: number[];
  /**
   * The caller's own relation changed. The caller's id is not looked up for this: it would cost a `user.current`
   * call, and the `user` scope, on every write. A sink that needs it calls `resolveCaller`.
   */
  callerChanged: boolean;
}

export interface ChangeSink {
  /**
   * Called after a write was confirmed by its re-read. Must not throw or block: the caller's answer waits on it.
   * `resolveCaller` reads the caller's user id through the caller's loaders (one `user.current`, only if called).
   */
  groupChanged(change: GroupChange, resolveCaller: () => Promise<number>): void;
}

export const NO_CHANGE_SINK: ChangeSink = Object.freeze({ groupChanged: () => undefined });
