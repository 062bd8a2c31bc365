/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Inclusive bounds; either may be omitted. Sent upstream as two conditions, since Bitrix24 ignores "><". */
export type DateTimeRange = {
  from?: string | null | undefined;
  to?: string | null | undefined;
};

/** All conditions must hold. Omitted fields do not filter. */
export type GroupFilter = {
  createdAt?: DateTimeRange | null | undefined;
  ids?: Array<string | number> | null | undefined;
  isActive?: boolean | null | undefined;
  isArchived?: boolean | null | undefined;
  isOpen?: boolean | null | undefined;
  isProject?: boolean | null | undefined;
  isVisible?: boolean | null | undefined;
  lastActivityAt?: DateTimeRange | null | undefined;
  /** Case-insensitive substring of the name. */
  nameContains?: string | null | undefined;
  ownerId?: string | number | null | undefined;
  updatedAt?: DateTimeRange | null | undefined;
};

export type GroupOrder = {
  direction?: SortDirection;
  field: GroupOrderField;
};

export type GroupOrderField =
  | 'CREATED_AT'
  | 'ID'
  | 'LAST_ACTIVITY_AT'
  | 'MEMBER_COUNT'
  | 'NAME'
  | 'UPDATED_AT';

/** A member's role in a workgroup. Pending requests and invitations are not memberships. */
export type GroupRole =
  /** A plain member. */
  | 'MEMBER'
  /** Helps the owner run the group. */
  | 'MODERATOR'
  /** Owns the group: edits it, manages members, cannot leave it. */
  | 'OWNER';

export type MembershipRequestStatus =
  /** The group is open: the caller is now a member. */
  | 'JOINED'
  /** The request awaits approval by the group's owner or moderators. */
  | 'REQUESTED';

export type SortDirection =
  | 'ASC'
  | 'DESC';

/** The caller's relation to a group. With BITRIX24_D7_API=on (the default) it is exact, pending requests and invitations included. With BITRIX24_D7_API=off the portal is read through its documented legacy methods only, which list owners, moderators and members: a caller with a pending request or invitation is NONE then. A secret group is never shown to a caller with only a pending invitation to it (Bitrix24 shows it to members only). */
export type ViewerGroupStatus =
  /** Invited; the invitation awaits the caller's answer. With BITRIX24_D7_API=off this cannot be seen and the caller is NONE. */
  | 'INVITATION_PENDING'
  /** A plain member. */
  | 'MEMBER'
  /** Moderates the group. */
  | 'MODERATOR'
  /** No relation (or, with BITRIX24_D7_API=off, possibly a pending request or invitation). */
  | 'NONE'
  /** Owns the group. */
  | 'OWNER'
  /** Asked to join; the request awaits approval. With BITRIX24_D7_API=off this cannot be seen and the caller is NONE. */
  | 'REQUEST_PENDING';

export type AcceptGroupInvitationMutationVariables = Exact<{
  groupId: string | number;
}>;


export type AcceptGroupInvitationMutation = { acceptGroupInvitation:
    | { __typename: 'AcceptGroupInvitationSuccess', viewerStatus: ViewerGroupStatus, group: { id: string, name: string, memberCount: number, viewerStatus: ViewerGroupStatus } | null }
    | { __typename: 'GroupNotFoundError', message: string, groupId: string }
    | { __typename: 'NoInvitationError', message: string, groupId: string }
    | { __typename: 'OperationNotSupportedError', message: string, groupId: string, operation: string }
    | { __typename: 'PortalRefusedError', message: string, groupId: string, reason: string, bitrix24Error: string }
   };

export type CancelGroupMembershipRequestMutationVariables = Exact<{
  groupId: string | number;
}>;


export type CancelGroupMembershipRequestMutation = { cancelGroupMembershipRequest:
    | { __typename: 'CancelGroupMembershipRequestSuccess', viewerStatus: ViewerGroupStatus, group: { id: string, name: string, memberCount: number, viewerStatus: ViewerGroupStatus } | null }
    | { __typename: 'GroupNotFoundError', message: string, groupId: string }
    | { __typename: 'NoPendingRequestError', message: string, groupId: string }
    | { __typename: 'OperationNotSupportedError', message: string, groupId: string, operation: string }
    | { __typename: 'PortalRefusedError', message: string, groupId: string, reason: string, bitrix24Error: string }
   };

export type DeclineGroupInvitationMutationVariables = Exact<{
  groupId: string | number;
}>;


export type DeclineGroupInvitationMutation = { declineGroupInvitation:
    | { __typename: 'DeclineGroupInvitationSuccess', viewerStatus: ViewerGroupStatus, group: { id: string, name: string, memberCount: number, viewerStatus: ViewerGroupStatus } | null }
    | { __typename: 'GroupNotFoundError', message: string, groupId: string }
    | { __typename: 'NoInvitationError', message: string, groupId: string }
    | { __typename: 'OperationNotSupportedError', message: string, groupId: string, operation: string }
    | { __typename: 'PortalRefusedError', message: string, groupId: string, reason: string, bitrix24Error: string }
   };

export type GroupViewerStatusQueryVariables = Exact<{
  id: string | number;
}>;


export type GroupViewerStatusQuery = { group: { id: string, name: string, isOpen: boolean, viewerStatus: ViewerGroupStatus, viewerCan: { requestMembership: boolean, cancelRequest: boolean, leave: boolean, acceptInvitation: boolean, declineInvitation: boolean, invite: boolean, processRequests: boolean, manageMembers: boolean, edit: boolean, delete: boolean } } | null };

export type GroupWithMembersQueryVariables = Exact<{
  id: string | number;
  roles?: Array<GroupRole> | GroupRole | null | undefined;
}>;


export type GroupWithMembersQuery = { group: { id: string, name: string, description: string | null, isOpen: boolean, subject: string | null, createdAt: string | null, members: Array<{ role: GroupRole, user: { id: string, fullName: string, email: string | null, workPosition: string | null, isOnline: boolean } }> } | null };

export type GroupsPageQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: GroupFilter | null | undefined;
  orderBy?: Array<GroupOrder> | GroupOrder | null | undefined;
}>;


export type GroupsPageQuery = { groups: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, name: string, isOpen: boolean, isVisible: boolean, isArchived: boolean, isProject: boolean, memberCount: number, lastActivityAt: string | null, owner: { id: string, fullName: string, photoUrl: string | null } | null } }> } | null };

export type LeaveGroupMutationVariables = Exact<{
  groupId: string | number;
}>;


export type LeaveGroupMutation = { leaveGroup:
    | { __typename: 'AutoMemberCannotLeaveError', message: string, groupId: string }
    | { __typename: 'GroupNotFoundError', message: string, groupId: string }
    | { __typename: 'LeaveGroupSuccess', viewerStatus: ViewerGroupStatus, group: { id: string, name: string, memberCount: number, viewerStatus: ViewerGroupStatus } | null }
    | { __typename: 'NotAllowedError', message: string, groupId: string }
    | { __typename: 'NotGroupMemberError', message: string, groupId: string }
    | { __typename: 'OperationNotSupportedError', message: string, groupId: string, operation: string }
    | { __typename: 'OwnerCannotLeaveError', message: string, groupId: string }
    | { __typename: 'PortalRefusedError', message: string, groupId: string, reason: string, bitrix24Error: string }
   };

export type RequestGroupMembershipMutationVariables = Exact<{
  groupId: string | number;
  message?: string | null | undefined;
}>;


export type RequestGroupMembershipMutation = { requestGroupMembership:
    | { __typename: 'AlreadyGroupMemberError', message: string, groupId: string, role: GroupRole }
    | { __typename: 'GroupNotFoundError', message: string, groupId: string }
    | { __typename: 'MembershipRequestRefusedError', message: string, groupId: string, reason: string, bitrix24Error: string }
    | { __typename: 'RequestGroupMembershipSuccess', status: MembershipRequestStatus, group: { id: string, name: string, memberCount: number } }
   };

export type ViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ViewerQuery = { viewer: { user: { id: string, fullName: string, email: string | null, photoUrl: string | null }, groups: Array<{ role: GroupRole, group: { id: string, name: string, isProject: boolean, owner: { id: string, fullName: string } | null } | null }> } };


export const AcceptGroupInvitationDocument = {"__meta__":{"hash":"sha256:1f86cc1629420cfdf3d281cc6a435ce1486d1d1e4cc2956987fd968fcbbc96c2"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AcceptGroupInvitation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"groupId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"acceptGroupInvitation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"groupId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"groupId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AcceptGroupInvitationSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewerStatus"}},{"kind":"Field","name":{"kind":"Name","value":"group"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"memberCount"}},{"kind":"Field","name":{"kind":"Name","value":"viewerStatus"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WorkgroupError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"groupId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationNotSupportedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operation"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PortalRefusedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"bitrix24Error"}}]}}]}}]}}]} as unknown as DocumentNode<AcceptGroupInvitationMutation, AcceptGroupInvitationMutationVariables>;
export const CancelGroupMembershipRequestDocument = {"__meta__":{"hash":"sha256:4d267a661c871e7c3607488d3bb2ae846ff27f01485235ef11827f54f2329940"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CancelGroupMembershipRequest"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"groupId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cancelGroupMembershipRequest"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"groupId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"groupId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CancelGroupMembershipRequestSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewerStatus"}},{"kind":"Field","name":{"kind":"Name","value":"group"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"memberCount"}},{"kind":"Field","name":{"kind":"Name","value":"viewerStatus"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WorkgroupError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"groupId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationNotSupportedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operation"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PortalRefusedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"bitrix24Error"}}]}}]}}]}}]} as unknown as DocumentNode<CancelGroupMembershipRequestMutation, CancelGroupMembershipRequestMutationVariables>;
export const DeclineGroupInvitationDocument = {"__meta__":{"hash":"sha256:d9e645e5ba6561d52eafcab716ddf87aaa1cabce13d0400e949f9ad511d16dbe"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeclineGroupInvitation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"groupId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"declineGroupInvitation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"groupId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"groupId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeclineGroupInvitationSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewerStatus"}},{"kind":"Field","name":{"kind":"Name","value":"group"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"memberCount"}},{"kind":"Field","name":{"kind":"Name","value":"viewerStatus"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WorkgroupError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"groupId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationNotSupportedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operation"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PortalRefusedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"bitrix24Error"}}]}}]}}]}}]} as unknown as DocumentNode<DeclineGroupInvitationMutation, DeclineGroupInvitationMutationVariables>;
export const GroupViewerStatusDocument = {"__meta__":{"hash":"sha256:ea946a2e595bf6dd9ecbf74188a7c0edcf871b25991b36aebddc9f3bc112c597"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"GroupViewerStatus"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"group"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"isOpen"}},{"kind":"Field","name":{"kind":"Name","value":"viewerStatus"}},{"kind":"Field","name":{"kind":"Name","value":"viewerCan"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requestMembership"}},{"kind":"Field","name":{"kind":"Name","value":"cancelRequest"}},{"kind":"Field","name":{"kind":"Name","value":"leave"}},{"kind":"Field","name":{"kind":"Name","value":"acceptInvitation"}},{"kind":"Field","name":{"kind":"Name","value":"declineInvitation"}},{"kind":"Field","name":{"kind":"Name","value":"invite"}},{"kind":"Field","name":{"kind":"Name","value":"processRequests"}},{"kind":"Field","name":{"kind":"Name","value":"manageMembers"}},{"kind":"Field","name":{"kind":"Name","value":"edit"}},{"kind":"Field","name":{"kind":"Name","value":"delete"}}]}}]}}]}}]} as unknown as DocumentNode<GroupViewerStatusQuery, GroupViewerStatusQueryVariables>;
export const GroupWithMembersDocument = {"__meta__":{"hash":"sha256:edf5fd3228fb5d7c8e560e3f51d1aafb2cf3ce8ebfc475624c1717805e4d479a"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"GroupWithMembers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"roles"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"GroupRole"}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"group"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"isOpen"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"members"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"roles"},"value":{"kind":"Variable","name":{"kind":"Name","value":"roles"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fullName"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"workPosition"}},{"kind":"Field","name":{"kind":"Name","value":"isOnline"}}]}}]}}]}}]}}]} as unknown as DocumentNode<GroupWithMembersQuery, GroupWithMembersQueryVariables>;
export const GroupsPageDocument = {"__meta__":{"hash":"sha256:d048d3012d11bc5c19e2effbd72a030929380eee74702155069641d6d8f5deee"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"GroupsPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"20"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"GroupFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"GroupOrder"}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"groups"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"isOpen"}},{"kind":"Field","name":{"kind":"Name","value":"isVisible"}},{"kind":"Field","name":{"kind":"Name","value":"isArchived"}},{"kind":"Field","name":{"kind":"Name","value":"isProject"}},{"kind":"Field","name":{"kind":"Name","value":"memberCount"}},{"kind":"Field","name":{"kind":"Name","value":"lastActivityAt"}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fullName"}},{"kind":"Field","name":{"kind":"Name","value":"photoUrl"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<GroupsPageQuery, GroupsPageQueryVariables>;
export const LeaveGroupDocument = {"__meta__":{"hash":"sha256:aa55b9f28129bd8bec90cf3d66f37b47bbe3e97ef9e56d441cd7a71a00c949e6"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"LeaveGroup"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"groupId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"leaveGroup"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"groupId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"groupId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"LeaveGroupSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewerStatus"}},{"kind":"Field","name":{"kind":"Name","value":"group"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"memberCount"}},{"kind":"Field","name":{"kind":"Name","value":"viewerStatus"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WorkgroupError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"groupId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationNotSupportedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operation"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PortalRefusedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"bitrix24Error"}}]}}]}}]}}]} as unknown as DocumentNode<LeaveGroupMutation, LeaveGroupMutationVariables>;
export const RequestGroupMembershipDocument = {"__meta__":{"hash":"sha256:720a18c8a675e51c09b7294524a5f8105a1679e5eaea0a4eb04b4ba699896c54"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RequestGroupMembership"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"groupId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"message"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requestGroupMembership"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"groupId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"groupId"}}},{"kind":"Argument","name":{"kind":"Name","value":"message"},"value":{"kind":"Variable","name":{"kind":"Name","value":"message"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RequestGroupMembershipSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"group"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"memberCount"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MembershipError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"groupId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AlreadyGroupMemberError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MembershipRequestRefusedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"bitrix24Error"}}]}}]}}]}}]} as unknown as DocumentNode<RequestGroupMembershipMutation, RequestGroupMembershipMutationVariables>;
export const ViewerDocument = {"__meta__":{"hash":"sha256:1bd29ea8b3b78248461007a4e1cf17e2e3571bb8254088e1919abb558a96dff9"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fullName"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"photoUrl"}}]}},{"kind":"Field","name":{"kind":"Name","value":"groups"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"group"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"isProject"}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fullName"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ViewerQuery, ViewerQueryVariables>;