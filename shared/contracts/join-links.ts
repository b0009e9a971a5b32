import type { FieldDefinition } from './fields';
import type { Onboarding, TeamDto } from './organizations';

/**
 * A join link's state, derived: `revoked` once revoked, else `expired` past its expiry, else
 * `exhausted` once used `maxUses` times, else `active`.
 */
export const JOIN_LINK_STATES = ['active', 'expired', 'exhausted', 'revoked'] as const;
export type JoinLinkState = (typeof JOIN_LINK_STATES)[number];

/** What a join link asks of whoever joins the partner program through it. */
export const JOIN_APPLICATION_FIELDS = ['partnerName'] as const;
export type JoinApplicationField = (typeof JOIN_APPLICATION_FIELDS)[number];

/** A join link as the admin and portal APIs answer it: never its token, hash or nonce. */
export interface JoinLinkDto {
  documentId: string;
  /** The campaign: what admins call it ("Spring partner campaign"). Never shown to joiners. */
  label: string;
  /** Null: the partner program (each joiner applies as a new partner organization). */
  organization: { documentId: string; name: string; slug: string } | null;
  role: string;
  teams: TeamDto[];
  onboarding: Onboarding;
  /** Null: never expires. */
  expiresAt: string | null;
  /** Null: unlimited. */
  maxUses: number | null;
  uses: number;
  state: JoinLinkState;
  createdAt: string;
  createdBy: { name: string; email: string } | null;
  revokedAt: string | null;
}

/** POST /invitations/join-links (admin) and /api/invitations/organizations/:org/join-links (portal). */
export interface JoinLinkRequest {
  label: string;
  /** documentId or slug; none (admin only) makes a partner-program link. */
  organization?: string;
  role?: string;
  /** documentIds or names of the organization's teams. */
  teams?: string[];
  onboarding?: Onboarding;
  /** Null or absent: never expires. */
  expiresInHours?: number | null;
  /** Null or absent: unlimited. */
  maxUses?: number | null;
}

/** A join link with its shareable URL (create, rotate and copy answer this). */
export interface JoinLinkWithUrl {
  joinLink: JoinLinkDto;
  /** The link to share: a credential, like an invitation link. */
  url: string;
}

/** What POST /api/invitations/join-links/preview answers: enough for the join page. */
export interface JoinLinkPreview {
  kind: 'organization' | 'partner_program';
  organization: { name: string; slug: string } | null;
  role: string;
  onboarding: Onboarding;
  expiresAt: string | null;
  /** Only addresses at these domains can join (empty: any). */
  allowedDomains: string[];
  /** What the joiner must fill in: `partnerName` for the partner program. */
  asks: JoinApplicationField[];
  /** The portal's application fields to ask too (send the answers in `application`, by key, beside partnerName). */
  applicationFields: FieldDefinition[];
  portal: string;
}

/** What joining answers. */
export interface JoinResult {
  status: 'joined';
  organization: { documentId: string; name: string; slug: string };
  /** `pending`: an admin approves it first (the link's onboarding is `approval`). */
  membership: { documentId: string; status: 'active' | 'pending' };
}
