import type { AuditAction } from './audit';
import type { FieldDefinitions } from './fields';

/** Mail templates; placeholders: {organization} {portal} {inviter} {inviterEmail} {role} {link} {expiresAt} {email} {firstName} */
export interface EmailTemplates {
  subject: string;
  text: string;
  html: string;
}

/** The placeholders a template may use: the one list rendering and saving both check. */
export const TEMPLATE_PLACEHOLDERS = [
  'organization',
  'portal',
  'inviter',
  'inviterEmail',
  'role',
  'link',
  'expiresAt',
  'email',
  'firstName',
] as const;
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];

/** Settings an admin may change at run time (Settings → Invitations). */
export interface Settings {
  acceptUrl: string;
  portalName: string;
  expiresInHours: number;
  roles: string[];
  defaultRole: string;
  revokeReasons: string[];
  templates: EmailTemplates;
  importLimits: { maxBytes: number; maxRows: number };
  /** The fields the portal defines: filled in by whoever invites, and by the invitee on accept or join. */
  fields: FieldDefinitions;
}

/** GET /invitations/settings */
export interface SettingsResponse {
  data: Settings;
  defaults: Settings;
}

/** GET /invitations/form-options: what the panel's forms need, for any admin who may read invitations. */
export interface FormOptions {
  roles: string[];
  defaultRole: string;
  revokeReasons: string[];
  expiresInHours: number;
  importLimits: Settings['importLimits'];
  auditActions: AuditAction[];
  /** The invitation fields the Invite Partners dialog renders (and the application fields, to show answers). */
  fields: FieldDefinitions;
}

/** POST /invitations/settings/preview */
export interface MessagePreview {
  subject: string;
  text: string;
  html: string;
}
