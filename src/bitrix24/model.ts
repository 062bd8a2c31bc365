/**
 * The clean domain the rest of the gateway sees. Bitrix24's wire quirks (numbers as strings, Y/N flags,
 * "" for empty dates, null texts, A/E/K role letters) are translated here and go no further.
 */

export type GroupRole = 'OWNER' | 'MODERATOR' | 'MEMBER';

export interface Group {
  id: number;
  name: string;
  description: string | null;
  keywords: string | null;
  isActive: boolean;
  isVisible: boolean;
  isOpen: boolean;
  isArchived: boolean;
  isProject: boolean;
  projectStart: Date | null;
  projectFinish: Date | null;
  createdAt: Date | null;
  updatedAt: Date | null;
  lastActivityAt: Date | null;
  memberCount: number;
  moderatorCount: number;
  subjectId: number | null;
  subjectName: string | null;
  ownerId: number | null;
  imagePath: string | null;
}

export interface User {
  id: number;
  name: string | null;
  lastName: string | null;
  email: string | null;
  photoUrl: string | null;
  workPosition: string | null;
  isActive: boolean;
  isOnline: boolean;
}

export interface GroupMembership {
  groupId: number;
  userId: number;
  role: GroupRole;
}

/** One of the caller's own groups, as `sonet_group.user.groups` lists it. */
export interface ViewerGroup {
  groupId: number;
  groupName: string;
  role: GroupRole;
}

export type MembershipRequestStatus = 'JOINED' | 'REQUESTED';
