/**
 * The API's shapes, taken from the server's own types so the panel and the routes cannot drift apart
 * (type-only imports: nothing of the server is bundled).
 */
export type { InvitationDto as Invitation, InviteOutcome, InviteResultCode } from '../../server/src/services/invitation/types';
export type { InvitationStatus } from '../../server/src/utils/constants';
export type { OrganizationChoice, OrganizationRow as Organization, TeamRow as Team } from '../../server/src/services/organization/types';
export type { MemberDto as Member } from '../../server/src/services/membership';
export type { AuditEvent } from '../../server/src/services/audit/types';
export type { ImportReport, CsvProblem } from '../../server/src/services/csv-import/types';
export type { Settings } from '../../server/src/services/settings';
export type { Page as ListPage, Pagination } from '../../server/src/utils/types';

/** GET /invitations/form-options */
export interface FormOptions {
  roles: string[];
  defaultRole: string;
  revokeReasons: string[];
  expiresInHours: number;
  importLimits: { maxBytes: number; maxRows: number };
  auditActions: string[];
}

export interface MessagePreview {
  subject: string;
  text: string;
  html: string;
}
