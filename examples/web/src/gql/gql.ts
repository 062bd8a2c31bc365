/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "mutation AcceptInvitation($groupId: ID!) {\n  acceptGroupInvitation(groupId: $groupId) {\n    __typename\n    ... on AcceptGroupInvitationSuccess {\n      group {\n        ...GroupSummary\n      }\n    }\n    ... on WorkgroupError {\n      message\n      groupId\n    }\n  }\n}": typeof types.AcceptInvitationDocument,
    "mutation AcceptRequest($requestId: ID!) {\n  acceptGroupMembershipRequest(requestId: $requestId) {\n    __typename\n    ... on WorkgroupError {\n      message\n      groupId\n    }\n  }\n}": typeof types.AcceptRequestDocument,
    "query BrowseGroups($first: Int!, $after: String, $filter: GroupFilter) {\n  groups(\n    first: $first\n    after: $after\n    filter: $filter\n    orderBy: [{field: NAME, direction: ASC}]\n  ) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    nodes {\n      ...GroupSummary\n    }\n  }\n}": typeof types.BrowseGroupsDocument,
    "mutation CancelRequest($groupId: ID!) {\n  cancelGroupMembershipRequest(groupId: $groupId) {\n    __typename\n    ... on CancelGroupMembershipRequestSuccess {\n      group {\n        ...GroupSummary\n      }\n    }\n    ... on WorkgroupError {\n      message\n      groupId\n    }\n  }\n}": typeof types.CancelRequestDocument,
    "mutation DeclineInvitation($groupId: ID!) {\n  declineGroupInvitation(groupId: $groupId) {\n    __typename\n    ... on DeclineGroupInvitationSuccess {\n      group {\n        ...GroupSummary\n      }\n    }\n    ... on WorkgroupError {\n      message\n      groupId\n    }\n  }\n}": typeof types.DeclineInvitationDocument,
    "mutation DenyRequest($requestId: ID!) {\n  denyGroupMembershipRequest(requestId: $requestId) {\n    __typename\n    ... on WorkgroupError {\n      message\n      groupId\n    }\n  }\n}": typeof types.DenyRequestDocument,
    "query GroupDetail($id: ID!) {\n  group(id: $id) {\n    ...GroupSummary\n    subject\n    owner {\n      id\n      fullName\n    }\n    members {\n      role\n      user {\n        id\n        fullName\n        workPosition\n        isOnline\n      }\n    }\n  }\n}": typeof types.GroupDetailDocument,
    "fragment GroupSummary on Group {\n  id\n  name\n  description\n  isOpen\n  isVisible\n  isActive\n  isArchived\n  isProject\n  memberCount\n  viewerStatus\n  viewerCan {\n    requestMembership\n    cancelRequest\n    acceptInvitation\n    declineInvitation\n    leave\n    processRequests\n  }\n}": typeof types.GroupSummaryFragmentDoc,
    "mutation LeaveGroup($groupId: ID!) {\n  leaveGroup(groupId: $groupId) {\n    __typename\n    ... on LeaveGroupSuccess {\n      group {\n        ...GroupSummary\n      }\n    }\n    ... on WorkgroupError {\n      message\n      groupId\n    }\n  }\n}": typeof types.LeaveGroupDocument,
    "subscription GroupChanged($ids: [ID!]!) {\n  groupChanged(ids: $ids) {\n    kind\n    groupId\n    group {\n      ...GroupSummary\n    }\n  }\n}\n\nsubscription ViewerGroupsChanged {\n  viewerGroupsChanged {\n    groupId\n    group {\n      ...GroupSummary\n    }\n  }\n}": typeof types.GroupChangedDocument,
    "query MembershipRequests($groupId: ID!) {\n  group(id: $groupId) {\n    id\n    membershipRequests(first: 50) {\n      totalCount\n      nodes {\n        id\n        message\n        requestedAt\n        user {\n          id\n          fullName\n          workPosition\n        }\n      }\n    }\n  }\n}": typeof types.MembershipRequestsDocument,
    "query MyGroups {\n  viewer {\n    user {\n      id\n      fullName\n      workPosition\n    }\n    groups {\n      role\n      group {\n        ...GroupSummary\n      }\n    }\n  }\n}": typeof types.MyGroupsDocument,
    "mutation RequestMembership($groupId: ID!) {\n  requestGroupMembership(groupId: $groupId) {\n    __typename\n    ... on RequestGroupMembershipSuccess {\n      status\n      group {\n        ...GroupSummary\n      }\n    }\n    ... on MembershipError {\n      message\n      groupId\n    }\n  }\n}": typeof types.RequestMembershipDocument,
};
const documents: Documents = {
    "mutation AcceptInvitation($groupId: ID!) {\n  acceptGroupInvitation(groupId: $groupId) {\n    __typename\n    ... on AcceptGroupInvitationSuccess {\n      group {\n        ...GroupSummary\n      }\n    }\n    ... on WorkgroupError {\n      message\n      groupId\n    }\n  }\n}": types.AcceptInvitationDocument,
    "mutation AcceptRequest($requestId: ID!) {\n  acceptGroupMembershipRequest(requestId: $requestId) {\n    __typename\n    ... on WorkgroupError {\n      message\n      groupId\n    }\n  }\n}": types.AcceptRequestDocument,
    "query BrowseGroups($first: Int!, $after: String, $filter: GroupFilter) {\n  groups(\n    first: $first\n    after: $after\n    filter: $filter\n    orderBy: [{field: NAME, direction: ASC}]\n  ) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    nodes {\n      ...GroupSummary\n    }\n  }\n}": types.BrowseGroupsDocument,
    "mutation CancelRequest($groupId: ID!) {\n  cancelGroupMembershipRequest(groupId: $groupId) {\n    __typename\n    ... on CancelGroupMembershipRequestSuccess {\n      group {\n        ...GroupSummary\n      }\n    }\n    ... on WorkgroupError {\n      message\n      groupId\n    }\n  }\n}": types.CancelRequestDocument,
    "mutation DeclineInvitation($groupId: ID!) {\n  declineGroupInvitation(groupId: $groupId) {\n    __typename\n    ... on DeclineGroupInvitationSuccess {\n      group {\n        ...GroupSummary\n      }\n    }\n    ... on WorkgroupError {\n      message\n      groupId\n    }\n  }\n}": types.DeclineInvitationDocument,
    "mutation DenyRequest($requestId: ID!) {\n  denyGroupMembershipRequest(requestId: $requestId) {\n    __typename\n    ... on WorkgroupError {\n      message\n      groupId\n    }\n  }\n}": types.DenyRequestDocument,
    "query GroupDetail($id: ID!) {\n  group(id: $id) {\n    ...GroupSummary\n    subject\n    owner {\n      id\n      fullName\n    }\n    members {\n      role\n      user {\n        id\n        fullName\n        workPosition\n        isOnline\n      }\n    }\n  }\n}": types.GroupDetailDocument,
    "fragment GroupSummary on Group {\n  id\n  name\n  description\n  isOpen\n  isVisible\n  isActive\n  isArchived\n  isProject\n  memberCount\n  viewerStatus\n  viewerCan {\n    requestMembership\n    cancelRequest\n    acceptInvitation\n    declineInvitation\n    leave\n    processRequests\n  }\n}": types.GroupSummaryFragmentDoc,
    "mutation LeaveGroup($groupId: ID!) {\n  leaveGroup(groupId: $groupId) {\n    __typename\n    ... on LeaveGroupSuccess {\n      group {\n        ...GroupSummary\n      }\n    }\n    ... on WorkgroupError {\n      message\n      groupId\n    }\n  }\n}": types.LeaveGroupDocument,
    "subscription GroupChanged($ids: [ID!]!) {\n  groupChanged(ids: $ids) {\n    kind\n    groupId\n    group {\n      ...GroupSummary\n    }\n  }\n}\n\nsubscription ViewerGroupsChanged {\n  viewerGroupsChanged {\n    groupId\n    group {\n      ...GroupSummary\n    }\n  }\n}": types.GroupChangedDocument,
    "query MembershipRequests($groupId: ID!) {\n  group(id: $groupId) {\n    id\n    membershipRequests(first: 50) {\n      totalCount\n      nodes {\n        id\n        message\n        requestedAt\n        user {\n          id\n          fullName\n          workPosition\n        }\n      }\n    }\n  }\n}": types.MembershipRequestsDocument,
    "query MyGroups {\n  viewer {\n    user {\n      id\n      fullName\n      workPosition\n    }\n    groups {\n      role\n      group {\n        ...GroupSummary\n      }\n    }\n  }\n}": types.MyGroupsDocument,
    "mutation RequestMembership($groupId: ID!) {\n  requestGroupMembership(groupId: $groupId) {\n    __typename\n    ... on RequestGroupMembershipSuccess {\n      status\n      group {\n        ...GroupSummary\n      }\n    }\n    ... on MembershipError {\n      message\n      groupId\n    }\n  }\n}": types.RequestMembershipDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AcceptInvitation($groupId: ID!) {\n  acceptGroupInvitation(groupId: $groupId) {\n    __typename\n    ... on AcceptGroupInvitationSuccess {\n      group {\n        ...GroupSummary\n      }\n    }\n    ... on WorkgroupError {\n      message\n      groupId\n    }\n  }\n}"): (typeof documents)["mutation AcceptInvitation($groupId: ID!) {\n  acceptGroupInvitation(groupId: $groupId) {\n    __typename\n    ... on AcceptGroupInvitationSuccess {\n      group {\n        ...GroupSummary\n      }\n    }\n    ... on WorkgroupError {\n      message\n      groupId\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AcceptRequest($requestId: ID!) {\n  acceptGroupMembershipRequest(requestId: $requestId) {\n    __typename\n    ... on WorkgroupError {\n      message\n      groupId\n    }\n  }\n}"): (typeof documents)["mutation AcceptRequest($requestId: ID!) {\n  acceptGroupMembershipRequest(requestId: $requestId) {\n    __typename\n    ... on WorkgroupError {\n      message\n      groupId\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query BrowseGroups($first: Int!, $after: String, $filter: GroupFilter) {\n  groups(\n    first: $first\n    after: $after\n    filter: $filter\n    orderBy: [{field: NAME, direction: ASC}]\n  ) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    nodes {\n      ...GroupSummary\n    }\n  }\n}"): (typeof documents)["query BrowseGroups($first: Int!, $after: String, $filter: GroupFilter) {\n  groups(\n    first: $first\n    after: $after\n    filter: $filter\n    orderBy: [{field: NAME, direction: ASC}]\n  ) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    nodes {\n      ...GroupSummary\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CancelRequest($groupId: ID!) {\n  cancelGroupMembershipRequest(groupId: $groupId) {\n    __typename\n    ... on CancelGroupMembershipRequestSuccess {\n      group {\n        ...GroupSummary\n      }\n    }\n    ... on WorkgroupError {\n      message\n      groupId\n    }\n  }\n}"): (typeof documents)["mutation CancelRequest($groupId: ID!) {\n  cancelGroupMembershipRequest(groupId: $groupId) {\n    __typename\n    ... on CancelGroupMembershipRequestSuccess {\n      group {\n        ...GroupSummary\n      }\n    }\n    ... on WorkgroupError {\n      message\n      groupId\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DeclineInvitation($groupId: ID!) {\n  declineGroupInvitation(groupId: $groupId) {\n    __typename\n    ... on DeclineGroupInvitationSuccess {\n      group {\n        ...GroupSummary\n      }\n    }\n    ... on WorkgroupError {\n      message\n      groupId\n    }\n  }\n}"): (typeof documents)["mutation DeclineInvitation($groupId: ID!) {\n  declineGroupInvitation(groupId: $groupId) {\n    __typename\n    ... on DeclineGroupInvitationSuccess {\n      group {\n        ...GroupSummary\n      }\n    }\n    ... on WorkgroupError {\n      message\n      groupId\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DenyRequest($requestId: ID!) {\n  denyGroupMembershipRequest(requestId: $requestId) {\n    __typename\n    ... on WorkgroupError {\n      message\n      groupId\n    }\n  }\n}"): (typeof documents)["mutation DenyRequest($requestId: ID!) {\n  denyGroupMembershipRequest(requestId: $requestId) {\n    __typename\n    ... on WorkgroupError {\n      message\n      groupId\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query GroupDetail($id: ID!) {\n  group(id: $id) {\n    ...GroupSummary\n    subject\n    owner {\n      id\n      fullName\n    }\n    members {\n      role\n      user {\n        id\n        fullName\n        workPosition\n        isOnline\n      }\n    }\n  }\n}"): (typeof documents)["query GroupDetail($id: ID!) {\n  group(id: $id) {\n    ...GroupSummary\n    subject\n    owner {\n      id\n      fullName\n    }\n    members {\n      role\n      user {\n        id\n        fullName\n        workPosition\n        isOnline\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment GroupSummary on Group {\n  id\n  name\n  description\n  isOpen\n  isVisible\n  isActive\n  isArchived\n  isProject\n  memberCount\n  viewerStatus\n  viewerCan {\n    requestMembership\n    cancelRequest\n    acceptInvitation\n    declineInvitation\n    leave\n    processRequests\n  }\n}"): (typeof documents)["fragment GroupSummary on Group {\n  id\n  name\n  description\n  isOpen\n  isVisible\n  isActive\n  isArchived\n  isProject\n  memberCount\n  viewerStatus\n  viewerCan {\n    requestMembership\n    cancelRequest\n    acceptInvitation\n    declineInvitation\n    leave\n    processRequests\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation LeaveGroup($groupId: ID!) {\n  leaveGroup(groupId: $groupId) {\n    __typename\n    ... on LeaveGroupSuccess {\n      group {\n        ...GroupSummary\n      }\n    }\n    ... on WorkgroupError {\n      message\n      groupId\n    }\n  }\n}"): (typeof documents)["mutation LeaveGroup($groupId: ID!) {\n  leaveGroup(groupId: $groupId) {\n    __typename\n    ... on LeaveGroupSuccess {\n      group {\n        ...GroupSummary\n      }\n    }\n    ... on WorkgroupError {\n      message\n      groupId\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription GroupChanged($ids: [ID!]!) {\n  groupChanged(ids: $ids) {\n    kind\n    groupId\n    group {\n      ...GroupSummary\n    }\n  }\n}\n\nsubscription ViewerGroupsChanged {\n  viewerGroupsChanged {\n    groupId\n    group {\n      ...GroupSummary\n    }\n  }\n}"): (typeof documents)["subscription GroupChanged($ids: [ID!]!) {\n  groupChanged(ids: $ids) {\n    kind\n    groupId\n    group {\n      ...GroupSummary\n    }\n  }\n}\n\nsubscription ViewerGroupsChanged {\n  viewerGroupsChanged {\n    groupId\n    group {\n      ...GroupSummary\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query MembershipRequests($groupId: ID!) {\n  group(id: $groupId) {\n    id\n    membershipRequests(first: 50) {\n      totalCount\n      nodes {\n        id\n        message\n        requestedAt\n        user {\n          id\n          fullName\n          workPosition\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query MembershipRequests($groupId: ID!) {\n  group(id: $groupId) {\n    id\n    membershipRequests(first: 50) {\n      totalCount\n      nodes {\n        id\n        message\n        requestedAt\n        user {\n          id\n          fullName\n          workPosition\n        }\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query MyGroups {\n  viewer {\n    user {\n      id\n      fullName\n      workPosition\n    }\n    groups {\n      role\n      group {\n        ...GroupSummary\n      }\n    }\n  }\n}"): (typeof documents)["query MyGroups {\n  viewer {\n    user {\n      id\n      fullName\n      workPosition\n    }\n    groups {\n      role\n      group {\n        ...GroupSummary\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RequestMembership($groupId: ID!) {\n  requestGroupMembership(groupId: $groupId) {\n    __typename\n    ... on RequestGroupMembershipSuccess {\n      status\n      group {\n        ...GroupSummary\n      }\n    }\n    ... on MembershipError {\n      message\n      groupId\n    }\n  }\n}"): (typeof documents)["mutation RequestMembership($groupId: ID!) {\n  requestGroupMembership(groupId: $groupId) {\n    __typename\n    ... on RequestGroupMembershipSuccess {\n      status\n      group {\n        ...GroupSummary\n      }\n    }\n    ... on MembershipError {\n      message\n      groupId\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;