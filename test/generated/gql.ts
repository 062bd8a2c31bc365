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
    "subscription GroupChanged($ids: [ID!]!) {\n  groupChanged(ids: $ids) {\n    kind\n    groupId\n    group {\n      id\n      name\n      memberCount\n    }\n  }\n}": typeof types.GroupChangedDocument,
    "query GroupWithMembers($id: ID!, $roles: [GroupRole!]) {\n  group(id: $id) {\n    id\n    name\n    description\n    isOpen\n    subject\n    createdAt\n    members(roles: $roles) {\n      role\n      user {\n        id\n        fullName\n        email\n        workPosition\n        isOnline\n      }\n    }\n  }\n}": typeof types.GroupWithMembersDocument,
    "query GroupsPage($first: Int = 20, $after: String, $filter: GroupFilter, $orderBy: [GroupOrder!]) {\n  groups(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        name\n        isOpen\n        isVisible\n        isArchived\n        isProject\n        memberCount\n        lastActivityAt\n        owner {\n          id\n          fullName\n          photoUrl\n        }\n      }\n    }\n  }\n}": typeof types.GroupsPageDocument,
    "mutation RequestGroupMembership($groupId: ID!, $message: String) {\n  requestGroupMembership(groupId: $groupId, message: $message) {\n    __typename\n    ... on RequestGroupMembershipSuccess {\n      status\n      group {\n        id\n        name\n        memberCount\n      }\n    }\n    ... on MembershipError {\n      message\n      groupId\n    }\n    ... on AlreadyGroupMemberError {\n      role\n    }\n    ... on MembershipRequestRefusedError {\n      reason\n      bitrix24Error\n    }\n  }\n}": typeof types.RequestGroupMembershipDocument,
    "query Viewer {\n  viewer {\n    user {\n      id\n      fullName\n      email\n      photoUrl\n    }\n    groups {\n      role\n      group {\n        id\n        name\n        isProject\n        owner {\n          id\n          fullName\n        }\n      }\n    }\n  }\n}": typeof types.ViewerDocument,
    "subscription ViewerGroupsChanged {\n  viewerGroupsChanged {\n    groupId\n    group {\n      id\n      name\n    }\n  }\n}": typeof types.ViewerGroupsChangedDocument,
};
const documents: Documents = {
    "subscription GroupChanged($ids: [ID!]!) {\n  groupChanged(ids: $ids) {\n    kind\n    groupId\n    group {\n      id\n      name\n      memberCount\n    }\n  }\n}": types.GroupChangedDocument,
    "query GroupWithMembers($id: ID!, $roles: [GroupRole!]) {\n  group(id: $id) {\n    id\n    name\n    description\n    isOpen\n    subject\n    createdAt\n    members(roles: $roles) {\n      role\n      user {\n        id\n        fullName\n        email\n        workPosition\n        isOnline\n      }\n    }\n  }\n}": types.GroupWithMembersDocument,
    "query GroupsPage($first: Int = 20, $after: String, $filter: GroupFilter, $orderBy: [GroupOrder!]) {\n  groups(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        name\n        isOpen\n        isVisible\n        isArchived\n        isProject\n        memberCount\n        lastActivityAt\n        owner {\n          id\n          fullName\n          photoUrl\n        }\n      }\n    }\n  }\n}": types.GroupsPageDocument,
    "mutation RequestGroupMembership($groupId: ID!, $message: String) {\n  requestGroupMembership(groupId: $groupId, message: $message) {\n    __typename\n    ... on RequestGroupMembershipSuccess {\n      status\n      group {\n        id\n        name\n        memberCount\n      }\n    }\n    ... on MembershipError {\n      message\n      groupId\n    }\n    ... on AlreadyGroupMemberError {\n      role\n    }\n    ... on MembershipRequestRefusedError {\n      reason\n      bitrix24Error\n    }\n  }\n}": types.RequestGroupMembershipDocument,
    "query Viewer {\n  viewer {\n    user {\n      id\n      fullName\n      email\n      photoUrl\n    }\n    groups {\n      role\n      group {\n        id\n        name\n        isProject\n        owner {\n          id\n          fullName\n        }\n      }\n    }\n  }\n}": types.ViewerDocument,
    "subscription ViewerGroupsChanged {\n  viewerGroupsChanged {\n    groupId\n    group {\n      id\n      name\n    }\n  }\n}": types.ViewerGroupsChangedDocument,
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
export function graphql(source: "subscription GroupChanged($ids: [ID!]!) {\n  groupChanged(ids: $ids) {\n    kind\n    groupId\n    group {\n      id\n      name\n      memberCount\n    }\n  }\n}"): (typeof documents)["subscription GroupChanged($ids: [ID!]!) {\n  groupChanged(ids: $ids) {\n    kind\n    groupId\n    group {\n      id\n      name\n      memberCount\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query GroupWithMembers($id: ID!, $roles: [GroupRole!]) {\n  group(id: $id) {\n    id\n    name\n    description\n    isOpen\n    subject\n    createdAt\n    members(roles: $roles) {\n      role\n      user {\n        id\n        fullName\n        email\n        workPosition\n        isOnline\n      }\n    }\n  }\n}"): (typeof documents)["query GroupWithMembers($id: ID!, $roles: [GroupRole!]) {\n  group(id: $id) {\n    id\n    name\n    description\n    isOpen\n    subject\n    createdAt\n    members(roles: $roles) {\n      role\n      user {\n        id\n        fullName\n        email\n        workPosition\n        isOnline\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query GroupsPage($first: Int = 20, $after: String, $filter: GroupFilter, $orderBy: [GroupOrder!]) {\n  groups(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        name\n        isOpen\n        isVisible\n        isArchived\n        isProject\n        memberCount\n        lastActivityAt\n        owner {\n          id\n          fullName\n          photoUrl\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query GroupsPage($first: Int = 20, $after: String, $filter: GroupFilter, $orderBy: [GroupOrder!]) {\n  groups(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        name\n        isOpen\n        isVisible\n        isArchived\n        isProject\n        memberCount\n        lastActivityAt\n        owner {\n          id\n          fullName\n          photoUrl\n        }\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RequestGroupMembership($groupId: ID!, $message: String) {\n  requestGroupMembership(groupId: $groupId, message: $message) {\n    __typename\n    ... on RequestGroupMembershipSuccess {\n      status\n      group {\n        id\n        name\n        memberCount\n      }\n    }\n    ... on MembershipError {\n      message\n      groupId\n    }\n    ... on AlreadyGroupMemberError {\n      role\n    }\n    ... on MembershipRequestRefusedError {\n      reason\n      bitrix24Error\n    }\n  }\n}"): (typeof documents)["mutation RequestGroupMembership($groupId: ID!, $message: String) {\n  requestGroupMembership(groupId: $groupId, message: $message) {\n    __typename\n    ... on RequestGroupMembershipSuccess {\n      status\n      group {\n        id\n        name\n        memberCount\n      }\n    }\n    ... on MembershipError {\n      message\n      groupId\n    }\n    ... on AlreadyGroupMemberError {\n      role\n    }\n    ... on MembershipRequestRefusedError {\n      reason\n      bitrix24Error\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Viewer {\n  viewer {\n    user {\n      id\n      fullName\n      email\n      photoUrl\n    }\n    groups {\n      role\n      group {\n        id\n        name\n        isProject\n        owner {\n          id\n          fullName\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query Viewer {\n  viewer {\n    user {\n      id\n      fullName\n      email\n      photoUrl\n    }\n    groups {\n      role\n      group {\n        id\n        name\n        isProject\n        owner {\n          id\n          fullName\n        }\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription ViewerGroupsChanged {\n  viewerGroupsChanged {\n    groupId\n    group {\n      id\n      name\n    }\n  }\n}"): (typeof documents)["subscription ViewerGroupsChanged {\n  viewerGroupsChanged {\n    groupId\n    group {\n      id\n      name\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;