import Papa from 'papaparse';
import { isValidEmail } from '../../utils/emails';
import { badRequest } from '../../utils/errors';
import { CSV_FIELDS, type CsvField, type CsvProblem } from '../../../../shared/contracts';
import type { CsvLayout } from './types';

/** How many bytes of the file's start decide its format and find its header. */
export const SNIFF_BYTES = 64 * 1024;
const HEADER_SEARCH_ROWS = 10;

const SEPARATORS: { char: string; name: string }[] = [
  { char: ';', name: 'a semicolon (;)' },
  { char: '\t', name: 'a tab' },
  { char: '|', name: 'a vertical bar (|)' },
];

/** Header cells compare case-insensitively, ignoring surrounding spaces. */
const normalizeHeader = (cell: string): string =>
  cell
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase();

const FIELD_BY_HEADER = new Map<string, CsvField>(CSV_FIELDS.map((field) => [field.toLowerCase(), field]));

const distance = (a: string, b: string): number => {
  const dp = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j += 1) dp[0][j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      dp[i][j] = Math.min(dp[i - 1][j] + 1, dp[i][j - 1] + 1, dp[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return dp[a.length][b.length];
};

/** `E-mail`, `email address`, `emailAdress`, `mail`: what people write when they mean emailAddress. */
const looksLikeEmailHeader = (cell: string): boolean => {
  const squashed = normalizeHeader(cell).replace(/[^a-z]/g, '');
  return squashed.length > 0 && (squashed.includes('mail') || distance(squashed, 'emailaddress') <= 3);
};

const fail = (code: Parameters<typeof badRequest>[0], message: string, details: Record<string, unknown> = {}) =>
  badRequest(code, message, details);

/**
 * File-level checks on the start of the file: is it text at all, UTF-8, comma-separated, and where
 * is its header. Anything wrong here stops the import before a row is read, with what to do about it.
 */
export const sniff = (head: Buffer): CsvLayout => {
  if (
    head.length === 0 ||
    head
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trim() === ''
  ) {
    throw fail('CSV_EMPTY', 'The file is empty: it needs a header line "emailAddress" and one address per line.');
  }
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    throw fail(
      'CSV_NOT_CSV',
      'This is a spreadsheet (.xlsx, .numbers or .ods), not a CSV file: in your spreadsheet app use File → Export/Save As → CSV (UTF-8), then upload that file.'
    );
  }
  if (head.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    throw fail(
      'CSV_NOT_CSV',
      'This is an old Excel file (.xls), not a CSV file: in Excel use File → Save As → CSV UTF-8, then upload that file.'
    );
  }
  if (head.includes(0)) {
    throw fail(
      'CSV_NOT_CSV',
      'This file is not text (it contains binary data), so it cannot be a CSV file: export your list as CSV (UTF-8) and upload that.'
    );
  }
  let text: string;
  try {
    // `stream: true` tolerates a multi-byte character cut at the end of the sniffed bytes.
    text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
  } catch {
    throw fail(
      'CSV_NOT_UTF8',
      'The file is not UTF-8 encoded: save it again as "CSV UTF-8" (Excel) or with UTF-8 encoding, then upload it.'
    );
  }
  const bom = text.startsWith('\uFEFF');
  if (bom) text = text.slice(1);

  const rowsWith = (delimiter: string) =>
    Papa.parse<string[]>(text, { delimiter, preview: HEADER_SEARCH_ROWS, skipEmptyLines: false }).data;
  const rows = rowsWith(',');
  const headerIndex = rows.findIndex((row) =>
    row.some((cell) => FIELD_BY_HEADER.get(normalizeHeader(cell)) === 'emailAddress')
  );

  if (headerIndex === -1) {
    for (const { char, name } of SEPARATORS) {
      const other = rowsWith(char);
      const line = other.findIndex(
        (row) => row.length > 1 && row.some((cell) => normalizeHeader(cell) === 'emailaddress')
      );
      if (line !== -1) {
        throw fail(
          'CSV_WRONG_SEPARATOR',
          `Line ${line + 1} is separated by ${name}, not by commas: save the file as "CSV (comma-separated)" or replace the separators with commas.`,
          {
            line: line + 1,
            separator: char,
          }
        );
      }
    }
    const first = rows.findIndex((row) => row.some((cell) => cell.trim() !== ''));
    const firstRow = rows[first] ?? [];
    const email = firstRow.find((cell) => isValidEmail(cell.trim().toLowerCase()));
    if (email) {
      throw fail(
        'CSV_MISSING_HEADER',
        `Line ${first + 1} is an address (${email.trim()}), not a header: add a first line "emailAddress" above it. Nothing was imported, so no address is lost.`,
        {
          line: first + 1,
          value: email.trim(),
        }
      );
    }
    const column = firstRow.findIndex(looksLikeEmailHeader);
    if (column !== -1) {
      throw fail(
        'CSV_MISSPELLED_HEADER',
        `Line ${first + 1}, column ${column + 1} is "${firstRow[column].trim()}": name it exactly "emailAddress".`,
        {
          line: first + 1,
          column: column + 1,
          value: firstRow[column].trim(),
          suggestion: 'emailAddress',
        }
      );
    }
    throw fail(
      'CSV_MISSING_HEADER',
      'No "emailAddress" column was found in the first lines: the first line must be a header such as "emailAddress,role,firstName,lastName".',
      {
        line: first + 1,
      }
    );
  }

  const header = rows[headerIndex];
  const columns = new Map<CsvField, number>();
  const warnings: CsvProblem[] = [];
  header.forEach((cell, index) => {
    const field = FIELD_BY_HEADER.get(normalizeHeader(cell));
    if (field && !columns.has(field)) columns.set(field, index);
    else if (cell.trim() !== '') {
      warnings.push({
        line: headerIndex + 1,
        column: cell.trim(),
        value: cell.trim(),
        code: 'unknown_column',
        severity: 'warning',
        message: `Column "${cell.trim()}" is not one the import knows; its values are ignored.`,
        fix: `Rename it to one of ${CSV_FIELDS.join(', ')}, or remove it.`,
      });
    }
  });
  // Apple Numbers writes the table's title (and caption) above the header.
  rows.slice(0, headerIndex).forEach((row, index) => {
    const value = row.join(' ').trim();
    if (value === '') return;
    warnings.unshift({
      line: index + 1,
      column: null,
      value,
      code: 'title_row',
      severity: 'warning',
      message: `Line ${index + 1} ("${value}") is a title or caption above the header; it was skipped.`,
      fix: 'In Numbers: select the table, open Table options, uncheck Title and Caption, then export again (or delete the line).',
    });
  });
  return { headerLine: headerIndex + 1, columns, warnings, bom };
};
