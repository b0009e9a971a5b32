/**
 * Fields the portal defines (Settings → Invitations, or `fields` in config/plugins): invitation fields,
 * which whoever invites fills in (the Invite Partners dialog, the APIs, a CSV column each), and
 * application fields, which the invitee fills in on accept or join. The checks live in
 * server/src/services/fields/rules.ts, which the admin panel imports too.
 */

export const FIELD_TYPES = ['text', 'email', 'url', 'number', 'select', 'date', 'checkbox'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface FieldDefinition {
  /** How the value is stored and named in the APIs, the CSV header and templates (`{fields.key}`). */
  key: string;
  /** What people see; a CSV column may also be named by it. */
  label: string;
  type: FieldType;
  /** A required checkbox must be ticked (e.g. "I accept the partner terms"). */
  required: boolean;
  /** The choices of a `select`, as stored. */
  options?: string[];
  /** Shown under the input. */
  help?: string;
}

export interface FieldDefinitions {
  /** Filled in by whoever invites; stored in the invitation's `customFields`. */
  invitation: FieldDefinition[];
  /** Filled in by the invitee on accept (and on join); stored on the membership's `application`. */
  application: FieldDefinition[];
}

/** A stored field value: text, email, URL, select and date (YYYY-MM-DD) are strings. */
export type FieldValue = string | number | boolean;

/** One field's problem, by key: `{ key: 'companySize', message: 'Company size is required' }`. */
export interface FieldProblem {
  key: string;
  message: string;
}
