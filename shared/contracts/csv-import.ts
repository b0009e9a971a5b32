/** The CSV import's columns; `emailAddress` is the canonical header of the email column. */
export const CSV_FIELDS = [
  'emailAddress',
  'role',
  'firstName',
  'lastName',
  'partnerName',
  'organization',
  'teams',
] as const;
export type CsvField = (typeof CSV_FIELDS)[number];

/**
 * What a column can be read as: one of the import's own fields, or an invitation field the portal
 * defines, as `fields.<key>` (Settings → Invitations → Fields; a header names it by key or label).
 */
export type CsvColumnField = CsvField | `fields.${string}`;

/**
 * The header names each field is also read under, as common exports write them (Outlook, Google
 * Contacts, Excel, HubSpot, Salesforce, Mailchimp, LinkedIn). A header matches when it is equal once
 * case, spaces and punctuation are ignored ("E-mail Address" = "email address" = "EmailAddress").
 * The first names win: a file with both `emailAddress` and `Email` reads `emailAddress`. Type and label
 * columns ("E-mail 1 - Type") are never read as the value.
 */
export const CSV_FIELD_ALIASES: Record<CsvField, readonly string[]> = {
  emailAddress: [
    'emailAddress',
    'Email',
    'E-mail Address',
    'E-mail 1 - Value',
    'Primary Email',
    'Work Email',
    'Business Email',
    'Contact Email',
    'Mail',
  ],
  firstName: ['firstName', 'Given Name', 'First', 'Forename', 'Contact First Name'],
  lastName: ['lastName', 'Family Name', 'Surname', 'Last', 'Contact Last Name'],
  partnerName: [
    'partnerName',
    'Company',
    'Company Name',
    'Organization 1 - Name',
    'Organization Name',
    'Account Name',
    'Partner',
  ],
  role: ['role', 'User Role', 'Portal Role', 'Access Role'],
  organization: ['organization', 'Organisation', 'Org', 'Portal Organization'],
  teams: ['teams', 'Team'],
};

/** The separators a file may use; the report names the one read. */
export const CSV_SEPARATORS = [',', ';', '\t', '|'] as const;
export type CsvSeparator = (typeof CSV_SEPARATORS)[number];

/** The encodings read; anything else that is text is read as Windows-1252, the usual non-UTF-8 export. */
export const CSV_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

/**
 * An import's explicit mapping: which header column is read as which field, by the header's name.
 * A field left out (or null) is not read; `emailAddress` is required.
 */
export type CsvMappingRequest = Partial<Record<CsvColumnField, string | null>>;

/** How a column came to be read as a field. */
export interface CsvColumnMapping {
  field: CsvColumnField;
  /** 1-based column of the file. */
  column: number;
  header: string;
  /** `name`: the header is one of the field's names; `mapping`: the request mapped it. */
  matchedBy: 'name' | 'mapping';
}

export const CSV_PROBLEM_CODES = [
  'title_row',
  'unknown_column',
  'blank_row',
  'missing_email',
  'stray_characters',
  'invalid_email',
  'duplicate',
  'unknown_role',
  'unknown_organization',
  'unknown_team',
  'domain_not_allowed',
  'already_invited',
  'already_member',
  'limit_reached',
  'too_long',
  'role_above_own',
  'invalid_fields',
  'malformed_quotes',
  'row_spans_lines',
  'too_many_cells',
] as const;
export type CsvProblemCode = (typeof CSV_PROBLEM_CODES)[number];

export interface CsvProblem {
  /** 1-based physical line of the file where the row starts, as an editor numbers lines. */
  line: number;
  /** The row's last line, when it spans several (a quoted value with line breaks, an unclosed quote). */
  endLine?: number;
  column: string | null;
  value: string;
  code: CsvProblemCode;
  /** Errors keep a row out; warnings are skipped lines or ignored columns. */
  severity: 'error' | 'warning';
  message: string;
  fix: string;
}

export interface ImportReport {
  dryRun: boolean;
  totals: {
    /** Physical lines of the file: `skipped` plus the lines of every row. */
    lines: number;
    /** Lines that are no row: the header, lines above it, blank lines. */
    skipped: number;
    /** Data rows read (blank rows and lines above the header excluded); each is valid or invalid. */
    rows: number;
    valid: number;
    invalid: number;
    warnings: number;
    /** Invitations created (commit only; 0 on a dry run). */
    created: number;
  };
  /** Counts of each problem code. */
  byCode: Partial<Record<CsvProblemCode, number>>;
  /** The problems, in file order, up to `maxReportedProblems`. */
  problems: CsvProblem[];
  problemsTruncated: boolean;
  columns: {
    recognized: CsvColumnField[];
    ignored: string[];
    /** The header's cells, in order: what an admin can map. */
    header: string[];
    /** Which column was read as which field. */
    mapping: CsvColumnMapping[];
  };
  /** How the file was read. */
  format: {
    encoding: CsvEncoding;
    separator: CsvSeparator;
    /** The separator was named by an Excel `sep=` first line. */
    separatorDeclared: boolean;
    headerLine: number;
  };
}
