import Papa from 'papaparse';
import { isValidEmail } from '../../utils/emails';
import { badRequest } from '../../utils/errors';
import {
  CSV_FIELDS,
  CSV_SEPARATORS,
  type CsvProblem,
  type CsvSeparator,
  type FieldDefinition,
} from '../../../../shared/contracts';
import { headerKey, namesEmailColumn, recognizeColumns, type ColumnMappingRequest } from './columns';
import { decodeHead, detectEncoding, looksBinary } from './encoding';
import type { CsvLayout } from './types';

/** How many bytes of the file's start decide its format and find its header. */
export const SNIFF_BYTES = 64 * 1024;
const HEADER_SEARCH_ROWS = 10;

/**
 * Physical lines a parsed row covers: one, plus the line breaks inside its values (`\r\n`, `\r` or
 * `\n` each end a line). With mixed line endings, a `\r\n` can be split across two rows: Papa Parse
 * splitting on `\n` leaves its `\r` at the end of the row, splitting on `\r` leaves its `\n` at the
 * start of the next. That half is the row's own line break, not one more.
 */
export const linesSpanned = (cells: string[], linebreak: string): number => {
  let breaks = 0;
  for (const cell of cells) {
    // Nearly every cell has no line break: two scans instead of a regular expression's match array.
    if (cell.indexOf('\n') !== -1 || cell.indexOf('\r') !== -1) breaks += cell.match(/\r\n|\r|\n/g)!.length;
  }
  const splitPair =
    (linebreak === '\n' && cells.at(-1)?.endsWith('\r')) || (linebreak === '\r' && cells[0]?.startsWith('\n'));
  return 1 + breaks - (splitPair ? 1 : 0);
};

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

/** `emailAdress`, `E-mal`: a near miss of an email column's name, which the import will not guess. */
const looksLikeEmailHeader = (cell: string): boolean => {
  const key = headerKey(cell).replace(/[0-9]/g, '');
  return key.length > 0 && (distance(key, 'emailaddress') <= 3 || distance(key, 'email') <= 1);
};

const fail = (code: Parameters<typeof badRequest>[0], message: string, details: Record<string, unknown> = {}) =>
  badRequest(code, message, details);

interface ParsedHead {
  rows: string[][];
  /** The physical line each row starts on. */
  lines: number[];
}

const parseHead = (text: string, delimiter: string): ParsedHead => {
  const { data: rows, meta } = Papa.parse<string[]>(text, {
    delimiter,
    preview: HEADER_SEARCH_ROWS,
    skipEmptyLines: false,
  });
  const lines: number[] = [];
  rows.reduce((line, cells) => {
    lines.push(line);
    return line + linesSpanned(cells, meta.linebreak);
  }, 1);
  return { rows, lines };
};

/**
 * File-level checks on the start of the file: is it text at all, which encoding and separator, and
 * where is its header and which column holds which field. Anything wrong here stops the import before
 * a row is read, with what to do about it; the error carries the header's columns when it found a
 * header line, so that the admin can map them by hand.
 */
export const sniff = (
  head: Buffer,
  mapping?: ColumnMappingRequest,
  definitions: readonly FieldDefinition[] = []
): CsvLayout => {
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    throw fail(
      'CSV_NOT_CSV',
      'This is a spreadsheet (.xlsx, .numbers or .ods), not a CSV file: in your spreadsheet app use File → Export/Save As → CSV, then upload that file.'
    );
  }
  if (head.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    throw fail(
      'CSV_NOT_CSV',
      'This is an old Excel file (.xls), not a CSV file: in Excel use File → Save As → CSV, then upload that file.'
    );
  }
  const detected = detectEncoding(head);
  const text = detected ? decodeHead(head, detected) : '';
  if (!detected || looksBinary(text)) {
    throw fail(
      'CSV_NOT_CSV',
      'This file is not text (it contains binary data), so it cannot be a CSV file: export your list as CSV and upload that.'
    );
  }
  if (text.trim() === '') {
    throw fail('CSV_EMPTY', 'The file is empty: it needs a header line "emailAddress" and one address per line.');
  }

  // Excel's "sep=;" first line names the separator; it is not a title.
  const declared = /^sep=(.)\r?\n/i.exec(text);
  const declaredSeparator =
    declared && (CSV_SEPARATORS as readonly string[]).includes(declared[1]) ? declared[1] : null;
  const candidates = (declaredSeparator ? [declaredSeparator] : CSV_SEPARATORS) as CsvSeparator[];
  const body = declaredSeparator ? text.slice(declared![0].length) : text;
  const lineOffset = declaredSeparator ? 1 : 0;

  let chosen: { delimiter: CsvSeparator; parsed: ParsedHead; headerIndex: number } | null = null;
  for (const delimiter of candidates) {
    const parsed = parseHead(body, delimiter);
    const headerIndex = parsed.rows.findIndex((row) => namesEmailColumn(row, mapping));
    if (headerIndex !== -1) {
      chosen = { delimiter, parsed, headerIndex };
      break;
    }
  }

  if (!chosen) {
    // What the admin may map by hand: the first line that is not empty, split by the separator that
    // gives the most lines with as many cells as it (more than one).
    const consistency = (delimiter: CsvSeparator) => {
      const counts = parseHead(body, delimiter)
        .rows.filter((row) => row.some((cell) => cell.trim() !== ''))
        .map((row) => row.length);
      return counts[0] > 1 ? counts.filter((count) => count === counts[0]).length : 0;
    };
    const delimiter = candidates.reduce((best, candidate) =>
      consistency(candidate) > consistency(best) ? candidate : best
    );
    const { rows, lines } = parseHead(body, delimiter);
    const first = rows.findIndex((row) => row.some((cell) => cell.trim() !== ''));
    const firstRow = rows[first] ?? [];
    const where = { line: (lines[first] ?? 1) + lineOffset, separator: delimiter, encoding: detected.encoding };
    const email = firstRow.find((cell) => isValidEmail(cell.trim().toLowerCase()));
    if (email) {
      throw fail(
        'CSV_MISSING_HEADER',
        `Line ${where.line} is an address (${email.trim()}), not a header: add a first line "emailAddress" above it. Nothing was imported, so no address is lost.`,
        { ...where, value: email.trim() }
      );
    }
    const columns = firstRow.map((cell) => cell.trim());
    if (mapping?.emailAddress) {
      throw fail(
        'CSV_MAPPING_INVALID',
        `The mapping reads emailAddress from a column "${mapping.emailAddress}", but no line at the start of the file has such a column.`,
        { ...where, field: 'emailAddress', value: mapping.emailAddress, columns }
      );
    }
    const column = firstRow.findIndex(looksLikeEmailHeader);
    if (column !== -1) {
      throw fail(
        'CSV_MISSPELLED_HEADER',
        `Line ${where.line}, column ${column + 1} is "${firstRow[column].trim()}", which is not a name the import reads as the email column: name it "emailAddress", or map the columns by hand.`,
        { ...where, column: column + 1, value: firstRow[column].trim(), suggestion: 'emailAddress', columns }
      );
    }
    throw fail(
      'CSV_MISSING_HEADER',
      `No email column was found in the first lines (looked for ${'"emailAddress", "Email", "E-mail Address", "E-mail 1 - Value"'} and other common names): add a header line such as "emailAddress,role,firstName,lastName", or map the columns by hand.`,
      { ...where, columns }
    );
  }

  const { delimiter, parsed, headerIndex } = chosen;
  const header = parsed.rows[headerIndex];
  const headerLine = parsed.lines[headerIndex] + lineOffset;
  const columns = recognizeColumns(header, mapping, definitions);
  const read = new Set(columns.map((mapped) => mapped.column - 1));
  const warnings: CsvProblem[] = [];
  // Apple Numbers writes the table's title (and caption) above the header.
  parsed.rows.slice(0, headerIndex).forEach((row, index) => {
    const value = row.join(' ').trim();
    if (value === '') return;
    const line = parsed.lines[index] + lineOffset;
    warnings.push({
      line,
      column: null,
      value,
      code: 'title_row',
      severity: 'warning',
      message: `Line ${line} ("${value}") is a title or caption above the header; it was skipped.`,
      fix: 'In Numbers: select the table, open Table options, uncheck Title and Caption, then export again (or delete the line).',
    });
  });
  const unread = header.map((cell) => cell.trim()).filter((cell, index) => cell !== '' && !read.has(index));
  if (unread.length > 0) {
    warnings.push({
      line: headerLine,
      column: null,
      value: unread.join(', '),
      code: 'unknown_column',
      severity: 'warning',
      message:
        unread.length === 1
          ? `Column "${unread[0]}" is not one the import reads; its values are ignored.`
          : `${unread.length} columns are not ones the import reads; their values are ignored: ${unread.join(', ')}.`,
      fix: `Map a column by hand if it holds one of ${CSV_FIELDS.join(', ')}; otherwise nothing to do.`,
    });
  }
  return {
    headerLine,
    header: header.map((cell) => cell.trim()),
    columns,
    columnIndex: new Map(columns.map((mapped) => [mapped.field, mapped.column - 1])),
    delimiter,
    encoding: detected,
    separatorDeclared: declaredSeparator !== null,
    warnings,
  };
};
