/** An invite request as the validation layer hands it over (validation/invitation.ts). */
export interface InviteInput {
  /** A list of addresses, or one string separated by commas, semicolons, spaces or new lines. */
  emails: string | string[];
  role?: string;
  /** documentId or slug */
  organization?: string;
  /** documentIds or names of the organization's teams */
  teams?: string[];
  firstName?: string;
  lastName?: string;
  partnerName?: string;
  customFields?: Record<string, unknown>;
  expiresInHours?: number;
}

export interface RevokeInput {
  ids: string[];
  reason: string;
  note?: string | null;
}
