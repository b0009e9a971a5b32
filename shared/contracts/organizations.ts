import type { FieldDefinitions } from './fields';
import type { OrganizationCapability } from './permissions';

export const ONBOARDING_MODES = ['auto', 'approval'] as const;
export type Onboarding = (typeof ONBOARDING_MODES)[number];

export const MEMBERSHIP_STATUSES = ['active', 'pending', 'rejected', 'removed'] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

export interface TeamDto {
  documentId: string;
  name: string;
}

/** An organization as the admin API answers it. */
export interface OrganizationDto {
  id: number;
  documentId: string;
  name: string;
  slug: string;
  allowedDomains: string[] | null;
  pendingLimit: number | null;
  onboarding: Onboarding;
  defaultRole: string | null;
  expiresInHours: number | null;
  /** Created by a partner invitation: the only kind a partner invitation (by partner name) ever joins. */
  isPartner: boolean;
  /** A partner organization: the application its first member sent (accept or partner-program join). */
  application?: Record<string, unknown> | null;
  createdAt?: string;
  updatedAt?: string;
  teams?: TeamDto[];
}

/** An organization as the panel's pickers show it (any admin with `read` may list these). */
export interface OrganizationChoice {
  documentId: string;
  name: string;
  slug: string;
  allowedDomains: string[];
  teams: TeamDto[];
}

/** A member as admins see it in an organization's Members and Pending approvals lists. */
export interface MemberDto {
  documentId: string;
  status: MembershipStatus;
  role: string;
  joinedAt: string | null;
  /** When they accepted or joined: what a pending approval is waiting since. */
  requestedAt: string | null;
  decidedAt: string | null;
  rejectReason: string | null;
  user: { id: number; email: string; username: string } | null;
  teams: TeamDto[];
  /** The invitation (documentId) or join link the member came through. */
  invitation: string | null;
  joinLink: { documentId: string; label: string } | null;
  /** What they filled in when they joined (a partner applicant's company name). */
  application: Record<string, unknown> | null;
}

/** A membership as its own user sees it (GET /api/invitations/me/organizations). */
export interface MembershipView {
  documentId: string;
  /** `pending`: waiting for an admin's approval; `rejected`: an admin turned the request down. */
  status: MembershipStatus;
  role: string;
  joinedAt: string | null;
  rejectReason: string | null;
  organization: { documentId: string; name: string; slug: string };
  teams: TeamDto[];
  /** What the role lets the user do in this organization through the portal; none unless active. */
  capabilities: OrganizationCapability[];
}

/**
 * One of the user's organizations as its member sees it (GET /api/invitations/organizations/:org):
 * what a portal's Members page needs to draw its forms and decide which buttons to show.
 */
export interface OrganizationOverview {
  documentId: string;
  name: string;
  slug: string;
  allowedDomains: string[];
  teams: TeamDto[];
  /** The caller's role here and what it lets them do. */
  role: string;
  capabilities: OrganizationCapability[];
  /** The roles the caller may invite with or give a member: their own and those below it, highest first. */
  grantableRoles: string[];
  /** The role an invitation gets when none is chosen (the organization's, else the portal's). */
  defaultRole: string;
  /** The reasons a revoke may give (`other` needs a note). */
  revokeReasons: string[];
  /** The portal's fields: invitation fields to fill in when inviting, application fields to label answers. */
  fields: FieldDefinitions;
}
