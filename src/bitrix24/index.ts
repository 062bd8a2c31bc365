/**
 * The Bitrix24 REST client's one public entry. Everything above src/bitrix24/ imports from here, never from a file
 * inside it (ESLint enforces this; see docs/architecture.md). What is not exported here is an implementation detail.
 */
export { Bitrix24Client, DEFAULT_LIMITER_OPTIONS, type Bitrix24ClientHooks, type Bitrix24ClientOptions, type UpstreamOutcome } from './client.js';
export { Bitrix24Session, BATCH_MAX_COMMANDS, type SessionOptions } from './session.js';
export { Bitrix24Error, isBitrix24Error, LocalErrorCode, MIN_REDACTED_TOKEN_LENGTH, REDACTED_TOKEN, type Bitrix24ErrorKind } from './errors.js';
export type { Group, GroupMembership, GroupRole, MembershipRequestStatus, User, ViewerGroup } from './model.js';
export { planPages, type GroupFilter, type GroupOrder, type GroupOrderField, type SortDirection, type DateRange } from './group-query.js';
export { REFUSAL_KINDS, type RefusalKind } from './refusal.js';
export { attempt, invoke, refusalOf, type Attempt, type MethodDescriptor, type PortalRefusal } from './descriptor.js';
export * as methods from './methods.js';
export * as moderationMethods from './moderation-methods.js';
export { getPendingRelations, readGroupGateFacts } from './moderation-api.js';
export type { GroupFields, InvitePermission, Relation } from './moderation-methods.js';
export { getCurrentUser, getGroupMembers, getGroupsByIds, getUsersByIds, getViewerGroups, listGroups, PageTooLargeError, readPages, IDS_PER_CALL, type GroupPage, type GroupPageQuery } from './api.js';
export { parseRateLimit, type BucketConfig } from './leaky-bucket.js';
export { createSharedLimiterStore, FailoverLimiterStore, type SharedLimiterStoreOptions } from './redis-failover-store.js';
export * as lifecycleMethods from './lifecycle-methods.js';
export type { Profile } from './lifecycle-methods.js';
export type { GroupGateFacts, GroupRelation, GroupStanding, InitiatePerms } from './standing.js';
