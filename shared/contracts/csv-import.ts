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
] as const;
export type CsvProblemCode = (typeof CSV_PROBLEM_CODES)[number];

export interface CsvProblem {
  /** 1-based line of the file (a quoted value spanning lines counts as one). */
  line: number;
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
    /** Data rows read (blank rows and lines above the header excluded). */
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
  columns: { recognized: CsvField[]; ignored: string[] };
}
