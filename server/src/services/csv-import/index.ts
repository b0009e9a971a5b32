import fs from 'node:fs';
import Papa from 'papaparse';
import type { CsvColumnField, CsvField, CsvProblem, FieldDefinition, ImportReport } from '../../../../shared/contracts';
import { InvitationError, badRequest, loggableMessage } from '../../utils/errors';
import { getService } from '../../utils/get-service';
import { giveWay } from '../../utils/give-way';
import type { Actor, StrapiContext } from '../../utils/types';
import type { AdmissionEntry, Admitter } from '../admission';
import { refusal, type Refusal, type RefusalField } from '../admission/rules';
import type { InvitationDraft } from '../invitation-store/types';
import { customColumnOf, type ColumnMappingRequest } from './columns';
import { decodingStream, utf8Validator, type DetectedEncoding } from './encoding';
import { SNIFF_BYTES, linesSpanned, sniff } from './sniff';
import type { CsvLayout } from './types';

export interface UploadedFile {
  filepath: string;
  size: number;
  originalFilename?: string | null;
}

/**
 * Whose import it is. The admin's: rows name their organization. An organization admin's (portal):
 * `organization` (its documentId) replaces the rows' own, and `grantorRole` caps the roles granted.
 */
export interface ImportScope {
  organization?: string;
  grantorRole?: string;
}

/** The CSV column a refusal points at. */
const COLUMN_OF: Record<Exclude<RefusalField, 'customFields'>, CsvField> = {
  email: 'emailAddress',
  organization: 'organization',
  role: 'role',
  teams: 'teams',
  firstName: 'firstName',
  lastName: 'lastName',
  partnerName: 'partnerName',
};

const SAMPLE_ROWS = [
  ['emailAddress', 'role', 'firstName', 'lastName', 'partnerName', 'organization', 'teams'],
  ['sam@example.com', 'user', 'Sam', 'Smith', '', '', ''],
  ['bill@example.com', 'admin', 'Bill', 'Bee', 'Bees Co', '', ''],
  ['bob@example.com', 'viewer', 'Bob', 'Plant', '', '', ''],
];

/** An example value of an invitation field for the sample file (empty where any value would do). */
const sampleValue = (definition: FieldDefinition): string =>
  ({
    number: '10',
    select: definition.options?.[0] ?? '',
    date: '2026-12-31',
    checkbox: 'yes',
    url: 'https://example.com',
    email: 'contact@example.com',
    text: '',
  })[definition.type];

/** The downloadable sample: the import's columns, then one per invitation field the portal defines. */
export const sampleCsv = (definitions: readonly FieldDefinition[] = []): string =>
  Papa.unparse(
    SAMPLE_ROWS.map((row, index) => [
      ...row,
      ...definitions.map((definition) => (index === 0 ? definition.key : sampleValue(definition))),
    ]),
    { newline: '\r\n' }
  ) + '\r\n';

const readHead = async (path: string): Promise<Buffer> => {
  const handle = await fs.promises.open(path, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
};

/** A row of the file as the parser read it, with the physical lines it covers. */
export interface FileRow {
  line: number;
  /** Physical lines the row covers (more than one when a quoted value holds line breaks). */
  span: number;
  cells: string[];
  /** Papa Parse's complaint about the row's quotes, if it had one. */
  quoteError: 'MissingQuotes' | 'InvalidQuotes' | null;
}

/**
 * Streams the file's rows (Papa Parse) with the physical line each starts on, decoded from the file's
 * encoding, a parser chunk's rows at a time. Memory stays flat: Papa Parse hands over one chunk at a
 * time and is paused until its rows are consumed. (Papa Parse's NODE_STREAM_INPUT duplex is avoided on
 * purpose: measured here it takes 3 s for 100k rows, against 0.2 s for the chunk callback.) Rows come
 * in arrays, not one by one: a generator's step is a promise, and a promise per row was 0.1 GB of the
 * garbage a 100k-row import made.
 */
export async function* rowChunksOf(
  path: string,
  layout: Pick<CsvLayout, 'delimiter' | 'encoding'>
): AsyncGenerator<FileRow[]> {
  const queue: { data: string[][]; errors: Papa.ParseError[]; linebreak: string }[] = [];
  let done = false;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  let parser: Papa.Parser | null = null;
  const signal = () => {
    const resolve = wake;
    wake = null;
    resolve?.();
  };
  // UTF-8 without a byte-order mark is read as the file stream's own text (no second stream between,
  // measured: 5% of the import's time and 15 MB at 100k rows); every other encoding is decoded.
  const { encoding, bomBytes } = layout.encoding;
  const text =
    encoding === 'utf-8' && bomBytes === 0
      ? fs.createReadStream(path, { encoding: 'utf8', highWaterMark: 256 * 1024 })
      : fs
          .createReadStream(path, { highWaterMark: 256 * 1024 })
          .pipe(decodingStream(layout.encoding))
          .setEncoding('utf8');
  // The file's physical lines, counted apart from the parser: how Papa Parse ends a file (an empty row
  // after a final line break, or none) depends on where its chunks end, and the count must not.
  const lineCount = physicalLineCounter();
  text.on('data', (chunk: string) => lineCount.add(chunk));
  Papa.parse<string[]>(text as unknown as File, {
    delimiter: layout.delimiter,
    skipEmptyLines: false,
    chunk(results, chunkParser) {
      parser = chunkParser;
      chunkParser.pause();
      queue.push({ data: results.data, errors: results.errors, linebreak: results.meta.linebreak });
      signal();
    },
    complete() {
      done = true;
      signal();
    },
    error(error) {
      failure = error;
      done = true;
      signal();
    },
  });
  // The last row is held back until the file ends, to be reconciled with the file's physical lines.
  let line = 1;
  let held: FileRow | null = null;
  for (;;) {
    if (queue.length === 0) {
      if (done) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      continue;
    }
    const { data, errors, linebreak } = queue.shift()!;
    const quoteErrors = new Map(errors.filter((e) => e.type === 'Quotes').map((e) => [e.row, e.code]));
    const rows: FileRow[] = [];
    for (let index = 0; index < data.length; index += 1) {
      const cells = data[index];
      const span = linesSpanned(cells, linebreak);
      const quoteError = quoteErrors.get(index);
      if (held) rows.push(held);
      held = {
        line,
        span,
        cells,
        quoteError: quoteError === 'MissingQuotes' || quoteError === 'InvalidQuotes' ? quoteError : null,
      };
      line += span;
    }
    if (rows.length > 0) yield rows;
    if (!done) (parser as Papa.Parser | null)?.resume();
  }
  if (failure) throw failure;
  const physical = lineCount.total();
  if (held) {
    // A final line break starts no line: the empty row read after it goes, and a value it ends (an
    // unclosed quote at the end of the file) does not count it.
    if (held.line > physical) held = null;
    else held.span = Math.min(held.span, physical - held.line + 1);
  }
  const last: FileRow[] = held ? [held] : [];
  // Blank lines at the end that the parser did not hand over are lines of the file all the same.
  for (let next = held ? held.line + held.span : line; next <= physical; next += 1) {
    last.push({ line: next, span: 1, cells: [''], quoteError: null });
  }
  if (last.length > 0) yield last;
}

/** Counts physical lines (`\r\n`, `\r` or `\n` ends one) over text that arrives in chunks. */
export const physicalLineCounter = () => {
  let breaks = 0;
  let last = '';
  return {
    add(chunk: string) {
      if (chunk === '') return;
      // \n ends a line, and so does a \r not followed by \n (a \r\n split across chunks is one break).
      for (let i = chunk.indexOf('\n'); i !== -1; i = chunk.indexOf('\n', i + 1)) breaks += 1;
      for (let i = chunk.indexOf('\r'); i !== -1; i = chunk.indexOf('\r', i + 1)) {
        if (i + 1 < chunk.length ? chunk[i + 1] !== '\n' : true) breaks += 1;
      }
      if (last === '\r' && chunk[0] === '\n') breaks -= 1;
      last = chunk[chunk.length - 1];
    },
    /** Lines so far: a final line break starts no line. */
    total: () => breaks + (last !== '' && last !== '\n' && last !== '\r' ? 1 : 0),
  };
};

/**
 * One pass over the file's bytes before anything is read as rows: line breaks (an upper bound of its
 * rows, for the row limit) and, for a file whose start read as UTF-8, whether all of it is: a file
 * with one Windows-1252 byte after the first 64 KB is a Windows-1252 file, read as such from its start.
 */
const scanFile = async (path: string, encoding: DetectedEncoding): Promise<{ lineBreaks: number; utf8: boolean }> => {
  let lineBreaks = 0;
  const utf8 = encoding.encoding === 'utf-8' ? utf8Validator() : null;
  for await (const part of fs.createReadStream(path, { highWaterMark: 1 << 20 })) {
    const bytes = part as Buffer;
    // \n, and \r not followed by \n (old Mac files end lines with \r alone): never fewer than the rows.
    for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) lineBreaks += 1;
    for (let i = bytes.indexOf(13); i !== -1; i = bytes.indexOf(13, i + 1)) if (bytes[i + 1] !== 10) lineBreaks += 1;
    utf8?.add(bytes);
  }
  return { lineBreaks, utf8: utf8?.end() ?? false };
};

/** A row spanning more lines than this is a quote gone wrong, whatever its content. */
const MAX_ROW_LINES = 50;

/**
 * What is wrong with a row before its values mean anything: its quotes, a quote that swallowed the
 * rows after it, more cells than the header. Such a row is never admitted: its cells may be shifted.
 */
export const rowProblem = (row: FileRow, layout: Pick<CsvLayout, 'header' | 'delimiter'>): CsvProblem | null => {
  // The row of nearly every file: one line, well quoted, no more cells than the header.
  if (!row.quoteError && row.span === 1 && row.cells.length <= layout.header.length) return null;
  const endLine = row.line + row.span - 1;
  const lines = row.span > 1 ? `Lines ${row.line}–${endLine}` : `Line ${row.line}`;
  // Past the fast path every row is a problem: where it is and what it holds, shared by each kind.
  const at = {
    line: row.line,
    ...(row.span > 1 ? { endLine } : {}),
    severity: 'error' as const,
    column: null,
    value: row.cells.join(layout.delimiter).slice(0, 200),
  };
  if (row.quoteError === 'MissingQuotes') {
    return {
      ...at,
      code: 'malformed_quotes',
      message: `${lines}: a quote opened on line ${row.line} is never closed, so everything after it was read as one value; nothing from ${row.span > 1 ? 'these lines' : 'this line'} was imported.`,
      fix: `Close the quote on line ${row.line} (or remove it), then import the file again.`,
    };
  }
  if (row.quoteError === 'InvalidQuotes') {
    return {
      ...at,
      code: 'malformed_quotes',
      message: `${lines}: a value has text after its closing quote (like "Sam" Smith), so the row cannot be read safely; it was not imported.`,
      fix: 'Quote the whole value and double the quotes inside it ("""Sam"" Smith"), or remove the quotes.',
    };
  }
  if (row.span > 1) {
    const swallowed = row.cells.some((cell) =>
      cell
        .split(/\r\n|\r|\n/)
        .slice(1)
        .some((inner) => inner.includes(layout.delimiter) && /\S@\S+\.\S/.test(inner))
    );
    if (swallowed || row.span > MAX_ROW_LINES) {
      return {
        ...at,
        code: 'row_spans_lines',
        message: `${lines} were read as one row: a quote opened on line ${row.line} closes only on line ${endLine}, so the lines between are inside one value. None of them was imported.`,
        fix: `Remove the stray quote on line ${row.line} (or close it on that line), then import the file again.`,
      };
    }
  }
  if (row.cells.length > layout.header.length && row.cells.slice(layout.header.length).some((c) => c.trim() !== '')) {
    return {
      ...at,
      code: 'too_many_cells',
      message: `${lines} has ${row.cells.length} values but the header has ${layout.header.length} columns, so its values may be in the wrong columns; it was not imported.`,
      fix: `Quote a value that contains the separator (${JSON.stringify(layout.delimiter)}), e.g. "Smith, Jr.", or remove the extra values.`,
    };
  }
  return null;
};

/** Where each row of the file went, so that the report accounts for every line. */
interface RowSinks {
  /** Lines that are no row: the header, lines above it, blank lines. */
  skipped: (lines: number) => void;
  /** A blank line between rows (reported; trailing blank lines are not). */
  blank: (line: number) => void;
  /** A row the parser could not read safely: reported, never admitted. */
  unreadable: (problem: CsvProblem, span: number) => void;
}

/**
 * Data rows after the header, in batches. Every row of the file goes to exactly one place: skipped,
 * reported as blank or unreadable, or into a batch.
 */
async function* batchesOf(path: string, layout: CsvLayout, size: number, sinks: RowSinks) {
  let batch: FileRow[] = [];
  let blanks: number[] = [];
  for await (const rows of rowChunksOf(path, layout)) {
    for (const row of rows) {
      if (row.line <= layout.headerLine) {
        sinks.skipped(row.span);
        continue;
      }
      if (row.span === 1 && row.cells.every((cell) => cell.trim() === '')) {
        blanks.push(row.line);
        continue;
      }
      sinks.skipped(blanks.length);
      blanks.forEach(sinks.blank);
      blanks = [];
      const problem = rowProblem(row, layout);
      if (problem) {
        sinks.unreadable(problem, row.span);
        continue;
      }
      batch.push(row);
      if (batch.length >= size) {
        yield batch;
        batch = [];
      }
    }
  }
  sinks.skipped(blanks.length);
  if (batch.length > 0) yield batch;
}

/**
 * Two byte counts in MB with as many decimals as it takes to tell them apart ("0.20 MB" against
 * "0.19 MB", never "0.2 MB" against "0.2 MB"), else in bytes.
 */
const distinctSizes = (size: number, limit: number): [string, string] => {
  for (const digits of [1, 2, 3]) {
    const [a, b] = [size, limit].map((bytes) => `${(bytes / 1_048_576).toFixed(digits)} MB`);
    if (a !== b) return [a, b];
  }
  return [`${size.toLocaleString('en')} bytes`, `${limit.toLocaleString('en')} bytes`];
};

/** An import that creates this many invitations refreshes the database's statistics afterwards. */
const ANALYZE_AFTER_ROWS = 10_000;

const csvImportService = ({ strapi }: StrapiContext) => {
  const importConfig = () => getService('settings', strapi).config().import;

  /** Per-run report: every problem counted, the first `maxReportedProblems` listed. */
  const createReport = (layout: CsvLayout, dryRun: boolean) => {
    const { maxReportedProblems } = importConfig();
    const report: ImportReport = {
      dryRun,
      totals: { lines: 0, skipped: 0, rows: 0, valid: 0, invalid: 0, warnings: 0, created: 0 },
      byCode: {},
      problems: [],
      problemsTruncated: false,
      columns: {
        recognized: layout.columns.map((mapped) => mapped.field),
        ignored: layout.header.filter(
          (cell, index) => cell !== '' && !layout.columns.some((m) => m.column === index + 1)
        ),
        header: layout.header,
        mapping: layout.columns,
      },
      format: {
        encoding: layout.encoding.encoding,
        separator: layout.delimiter,
        separatorDeclared: layout.separatorDeclared,
        headerLine: layout.headerLine,
      },
    };
    const add = (problem: CsvProblem) => {
      report.byCode[problem.code] = (report.byCode[problem.code] ?? 0) + 1;
      if (problem.severity === 'warning') report.totals.warnings += 1;
      else report.totals.invalid += 1;
      if (report.problems.length < maxReportedProblems) report.problems.push(problem);
      else report.problemsTruncated = true;
    };
    layout.warnings.forEach(add);
    return { report, add };
  };

  const cell = (layout: CsvLayout, cells: string[], field: CsvColumnField): string =>
    (layout.columnIndex.has(field) ? (cells[layout.columnIndex.get(field)!] ?? '') : '').trim();

  // Most files have no teams column: no split (and its array) per row for nothing.
  const teamsOf = (value: string): string[] => (value === '' ? [] : value.split(/[;|]/));

  /**
   * A row's cells as admission takes them: the CSV import decides nothing itself. A portal import's
   * rows all join the member's organization, with roles no higher than theirs (`scope`).
   */
  const entryOf = (
    layout: CsvLayout,
    line: number,
    cells: string[],
    scope: ImportScope,
    definitions: readonly FieldDefinition[]
  ): AdmissionEntry => ({
    email: cell(layout, cells, 'emailAddress'),
    at: `line ${line}`,
    organization: scope.organization ?? cell(layout, cells, 'organization'),
    role: cell(layout, cells, 'role'),
    teams: teamsOf(cell(layout, cells, 'teams')),
    firstName: cell(layout, cells, 'firstName'),
    lastName: cell(layout, cells, 'lastName'),
    partnerName: cell(layout, cells, 'partnerName'),
    customFields: customFieldsOf(layout, cells, definitions),
    grantorRole: scope.grantorRole,
  });

  /** The row's invitation fields, from the columns read as them (checked by admission, like the rest). */
  const customFieldsOf = (
    layout: CsvLayout,
    cells: string[],
    definitions: readonly FieldDefinition[]
  ): Record<string, string> | null => {
    const read = definitions.filter((definition) => layout.columnIndex.has(customColumnOf(definition)));
    return read.length === 0
      ? null
      : Object.fromEntries(read.map((definition) => [definition.key, cell(layout, cells, customColumnOf(definition))]));
  };

  /** A refused row as its line in the report; an address with stray characters gets a code of its own. */
  const problemOf = (line: number, r: Refusal): CsvProblem => ({
    line,
    column: r.field === 'customFields' ? customColumnOf({ key: r.value }) : COLUMN_OF[r.field],
    value: r.value,
    code: r.suggestion ? 'stray_characters' : r.code,
    severity: 'error',
    message: `Line ${line}: ${r.message}`,
    fix: r.fix,
  });

  type ImportRun = ReturnType<typeof createReport> & {
    dryRun: boolean;
    actor: Actor;
    file: string | null;
    scope: ImportScope;
  };
  interface AdmittedRow {
    line: number;
    draft: InvitationDraft;
  }

  /** Admits one batch of rows: its refusals go to the report, the admitted rows are answered. */
  const admitBatch = async (
    admitter: Admitter,
    layout: CsvLayout,
    batch: FileRow[],
    run: ImportRun
  ): Promise<AdmittedRow[]> => {
    // A commit inserts with ON CONFLICT and reports skipped rows itself, so it may skip the pending lookup.
    const outcomes = await admitter.admit(
      batch.map(({ line, cells }) => entryOf(layout, line, cells, run.scope, admitter.settings.fields.invitation)),
      { insertSkipsTaken: !run.dryRun }
    );
    const admitted: AdmittedRow[] = [];
    outcomes.forEach((outcome, index) => {
      if (outcome.admitted) admitted.push({ line: batch[index].line, draft: outcome.draft });
      else run.add(problemOf(batch[index].line, outcome));
    });
    if (run.dryRun) run.report.totals.valid += admitted.length;
    return admitted;
  };

  /** Creates a batch's admitted rows (lines `lines.from`–`lines.to` of the file) with its audit event. */
  const createBatch = async (
    admitted: AdmittedRow[],
    lines: { from: number; to: number },
    run: ImportRun
  ): Promise<void> => {
    const { created, overLimit } = await getService('invitation', strapi).create(
      admitted.map(({ draft }) => draft),
      {
        actor: run.actor,
        source: 'csv',
        perInvitationEvents: false,
        batchEvent: (inserted) => ({
          action: 'import.batch_created',
          actor: run.actor,
          data: {
            file: run.file,
            lines,
            created: inserted.size,
            emails: admitted.filter(({ draft }) => inserted.has(draft.pendingKey)).map(({ draft }) => draft.email),
          },
        }),
      }
    );
    admitted
      .filter(({ draft }) => !created.has(draft.pendingKey))
      .forEach(({ line, draft }) =>
        run.add(
          problemOf(
            line,
            overLimit.has(draft.pendingKey)
              ? refusal.limitReached(draft.email, draft.organization!)
              : refusal.alreadyInvited(draft.email, draft.email)
          )
        )
      );
    run.report.totals.valid += created.size;
    run.report.totals.created += created.size;
  };

  return {
    async sample(): Promise<string> {
      return sampleCsv((await getService('settings', strapi).get()).fields.invitation);
    },

    /**
     * Imports a CSV of invitations. A dry run reads and checks everything and writes nothing; a
     * commit creates the valid rows in batches and queues their mails. Invalid rows never block
     * valid ones. Both answer the same report.
     */
    async run(
      file: UploadedFile,
      options: { dryRun: boolean; mapping?: ColumnMappingRequest },
      actor: Actor,
      scope: ImportScope = {}
    ): Promise<ImportReport> {
      const admitter = await getService('admission', strapi).begin();
      const { batchSize } = importConfig();
      const { maxBytes, maxRows } = admitter.settings.importLimits;
      if (file.size > maxBytes) {
        const overLimit = distinctSizes(file.size, maxBytes);
        throw badRequest(
          'CSV_FILE_TOO_LARGE',
          `The file is ${overLimit[0]}; the limit is ${overLimit[1]}. Split it into smaller files.`,
          {
            size: file.size,
            limit: maxBytes,
          }
        );
      }
      const sniffed = sniff(await readHead(file.filepath), options.mapping, admitter.settings.fields.invitation);
      // Count first, so that a file over the row limit is refused before anything is written.
      // Line breaks bound the rows cheaply; only a file that may be over the limit is parsed to count.
      const scan = await scanFile(file.filepath, sniffed.encoding);
      const layout: CsvLayout =
        sniffed.encoding.encoding === 'utf-8' && !scan.utf8
          ? { ...sniffed, encoding: { encoding: 'windows-1252', bomBytes: sniffed.encoding.bomBytes } }
          : sniffed;
      let rows = 0;
      if (scan.lineBreaks + 1 - layout.headerLine > maxRows) {
        const ignore = { skipped: () => undefined, blank: () => undefined, unreadable: () => undefined };
        for await (const batch of batchesOf(file.filepath, layout, batchSize, ignore)) rows += batch.length;
      }
      if (rows > maxRows) {
        throw badRequest(
          'CSV_TOO_MANY_ROWS',
          `The file has ${rows} rows; the limit is ${maxRows}. Split it into files of at most ${maxRows} rows.`,
          { rows, limit: maxRows }
        );
      }

      const run: ImportRun = {
        ...createReport(layout, options.dryRun),
        dryRun: options.dryRun,
        actor,
        file: file.originalFilename ?? null,
        scope,
      };
      if (scope.organization && layout.columnIndex.has('organization')) {
        // Said, not silently dropped: a portal import cannot send rows to another organization.
        run.add({
          line: layout.headerLine,
          column: 'organization',
          value: 'organization',
          code: 'unknown_column',
          severity: 'warning',
          message: `Line ${layout.headerLine}: the organization column is not used here; every row joins this organization.`,
          fix: 'Delete the column, or ask a portal administrator to import into other organizations.',
        });
      }
      const { totals } = run.report;
      const sinks: RowSinks = {
        skipped: (lines) => {
          totals.skipped += lines;
          totals.lines += lines;
        },
        blank: (line) =>
          run.add({
            line,
            column: null,
            value: '',
            code: 'blank_row',
            severity: 'warning',
            message: `Line ${line} is empty; it was skipped.`,
            fix: 'Delete empty lines between rows.',
          }),
        unreadable: (problem, span) => {
          totals.rows += 1;
          totals.lines += span;
          run.add(problem);
        },
      };

      // Batches are written while the next is read and admitted: on a database server the parsing and
      // checks run during the insert, not after it. On PostgreSQL two batches are written at once, each
      // in its own transaction, so that one's rows are built (tokens, arrays) while the server inserts
      // the other's: written one after the other, the import was half idle on each side (9.8 s for
      // 100,000 rows). Elsewhere one at a time: SQLite has one connection, and on MySQL/MariaDB two
      // INSERT IGNOREs into the same unique indexes may deadlock on their gap locks.
      const inFlight = strapi.db.dialect.client === 'postgres' ? 2 : 1;
      const sqlite = strapi.db.dialect.client === 'sqlite';
      const writes: Promise<void>[] = [];
      // The first lines (in file order) whose batch failed: with two batches at once, the batch after
      // a failed one may stand, so the answer says which lines were not written.
      // (Typed by assertion: assigned in callbacks, which TypeScript's narrowing of a `null` does not see.)
      let failed = null as { from: number; to: number } | null;
      try {
        for await (const batch of batchesOf(file.filepath, layout, batchSize, sinks)) {
          // Other requests get turns between batches (`giveWay`). On SQLite every statement is synchronous
          // and every await here resolves without I/O, so without this an import held the server
          // for its whole run: during a 100,000-row import, previews waited 0.9 s (median) to 4.8 s.
          // (Elsewhere each statement's answer arrives over a socket: others get turns meanwhile.)
          if (sqlite) await giveWay();
          totals.rows += batch.length;
          totals.lines += batch.reduce((lines, row) => lines + row.span, 0);
          const admitted = await admitBatch(admitter, layout, batch, run);
          while (writes.length >= inFlight) await writes.shift();
          // A batch still being written failed meanwhile: no new one starts (its failure is thrown below).
          if (failed) break;
          if (run.dryRun || admitted.length === 0) continue;
          const lines = { from: batch[0].line, to: batch[batch.length - 1].line };
          const write = createBatch(admitted, lines, run).catch((error: unknown) => {
            if (!failed || lines.from < failed.from) failed = lines;
            throw error;
          });
          // Awaited above or below; this only keeps a failure before then from counting as unhandled.
          write.catch(() => undefined);
          writes.push(write);
        }
        for (const write of writes) await write;
      } catch (error) {
        // Batches still being written end first, so that the report counts what they created.
        await Promise.allSettled(writes);
        if (options.dryRun || run.report.totals.created === 0) throw error;
        // Earlier batches are committed, each with its audit event: say so, and what to do next.
        strapi.log.error(
          `[invitations] CSV import stopped after ${run.report.totals.created} invitation(s): ${loggableMessage(error)}`
        );
        throw new InvitationError(
          500,
          'CSV_IMPORT_INTERRUPTED',
          `The import stopped part-way: ${run.report.totals.created} invitation(s) were created and queued for mail; ${failed ? `lines ${failed.from}–${failed.to} were not written, and the import stopped there` : 'the rest were not'}. Run the same file again: the created ones are skipped as already invited.`,
          { created: run.report.totals.created, ...(failed && { lines: failed }) }
        );
      }
      run.report.problems.sort((a, b) => a.line - b.line);

      if (!options.dryRun) {
        // A large import changes the tables' shape more than the planner's statistics know until
        // autovacuum analyzes them: refreshed now, so the lists read right after it stay fast.
        if (run.report.totals.created >= ANALYZE_AFTER_ROWS) {
          await getService('invitation-store', strapi).refreshStatistics();
        }
        const summary = { file: file.originalFilename ?? null, ...run.report.totals, byCode: run.report.byCode };
        await getService('audit', strapi).record({ action: 'import.completed', actor, data: summary });
        // One event per import, not one per row: 100,000 `invitation.created` calls would flood a receiver.
        getService('webhook-events', strapi).emit('import.completed', {
          import: {
            ...summary,
            format: run.report.format,
            organization: scope.organization ?? null,
            actor: 'id' in actor ? { type: actor.type, id: actor.id } : { type: actor.type },
          },
        });
      }
      return run.report;
    },
  };
};

export default csvImportService;
export type CsvImportService = ReturnType<typeof csvImportService>;
