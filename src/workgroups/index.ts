/** The use cases' public entry: what src/schema/ and src/http/ import. Free of GraphQL. */
export { createLoaders, type LoaderFactory, type Loaders } from './loaders.js';
export type { WorkgroupContext } from './context.js';
export { NO_CHANGE_SINK, type ChangeSink, type GroupChange, type GroupChangeKind } from './changes.js';
export type { Outcome, Refusal, RefusalOf } from './refusals.js';
export { decideAfterWrite, decideBeforeWrite, requestMembership, REQUEST_MEMBERSHIP_REFUSALS, type MembershipRequested, type RequestMembershipInput } from './request-membership.js';
