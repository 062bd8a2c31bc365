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
}

export interface ChangeSink {
  /** Called after a write was confirmed by its re-read. Must not throw or block: the caller's answer waits on it. */
  groupChanged(change: GroupChange): void;
}

export const NO_CHANGE_SINK: ChangeSink = Object.freeze({ groupChanged: () => undefined });
