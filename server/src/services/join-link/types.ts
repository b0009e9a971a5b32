import type { Onboarding } from '../../../../shared/contracts';
import type { OrganizationRow, TeamRow } from '../organization/types';

/** A join link row as the service reads it (with the relations of JOIN_LINK_POPULATE). */
export interface JoinLinkRow {
  id: number;
  documentId: string;
  label: string;
  role: string;
  onboarding: Onboarding;
  expiresAt: string | Date | null;
  maxUses: number | null;
  uses: number;
  revokedAt: string | Date | null;
  tokenNonce: string;
  tokenHash: string;
  createdAt: string | Date;
  organization: OrganizationRow | null;
  teams: TeamRow[];
  createdByAdmin: { id: number; firstname: string | null; lastname: string | null; email: string } | null;
  createdByUser: { id: number; username: string; email: string } | null;
}

/** A join link to create, as validated at the edge. */
export interface JoinLinkInput {
  label: string;
  /** documentId or slug; absent: the partner program. */
  organization?: string;
  role?: string;
  teams?: string[];
  onboarding?: Onboarding;
  expiresInHours?: number | null;
  maxUses?: number | null;
}

/** Which organization the caller may act in: the portal's organization admins act in theirs only. */
export interface JoinLinkScope {
  organizationId: number;
  /** The member's role: they never create a link that grants more. */
  grantorRole: string;
}
