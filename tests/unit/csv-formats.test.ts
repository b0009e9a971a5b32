/**
 * Unit tests of how the CSV import reads a file before any row means anything: encodings, separators,
 * the columns' names, and the rows with the physical lines they cover. The property test feeds
 * generated files, malformed on purpose, and checks that every line of the file is accounted for.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { recognizeColumns } from '../../server/src/services/csv-import/columns';
import { detectEncoding, utf8Validator } from '../../server/src/services/csv-import/encoding';
import { rowChunksOf, rowProblem, type FileRow } from '../../server/src/services/csv-import';
import { sniff } from '../../server/src/services/csv-import/sniff';

const utf16le = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
const utf16be = (text: string) => {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
  return Buffer.concat([Buffer.from([0xfe, 0xff]), le]);
};
const badRequestOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error as { message: string; details: Record<string, unknown> };
  }
  throw new Error('expected a refusal');
};

describe('encodings', () => {
  it('reads UTF-8 with and without BOM, UTF-16 LE and BE with BOM (and without), and Windows-1252', () => {
    expect(detectEncoding(Buffer.from('\uFEFFemail\n', 'utf8'))).toEqual({ encoding: 'utf-8', bomBytes: 3 });
    expect(detectEncoding(Buffer.from('émail\n', 'utf8'))).toEqual({ encoding: 'utf-8', bomBytes: 0 });
    expect(detectEncoding(utf16le('email\n'))).toEqual({ encoding: 'utf-16le', bomBytes: 2 });
    expect(detectEncoding(utf16be('email\n'))).toEqual({ encoding: 'utf-16be', bomBytes: 2 });
    expect(detectEncoding(Buffer.from('email,name\nann@x.com,Ann\n', 'utf16le'))).toEqual({
      encoding: 'utf-16le',
      bomBytes: 0,
    });
    expect(detectEncoding(Buffer.from('email,name\nfran\xe7ois@x.com,Fran\xe7ois\n', 'latin1'))).toEqual({
      encoding: 'windows-1252',
      bomBytes: 0,
    });
    expect(detectEncoding(Buffer.from([0x41, 0x00, 0x42, 0x43, 0x00, 0x00, 0x44]))).toBeNull();
  });

  it('names the encoding it read, and reads the accents right', () => {
    const layout = sniff(utf16le('E-mail Address\tFirst Name\r\nann@x.com\tAnnë\r\n'));
    expect([layout.encoding.encoding, layout.delimiter]).toEqual(['utf-16le', '\t']);
    const cp1252 = sniff(Buffer.from('Nom;E-mail\r\nFran\xe7ois;f@x.com\r\n', 'latin1'));
    expect([cp1252.encoding.encoding, cp1252.delimiter, cp1252.header]).toEqual([
      'windows-1252',
      ';',
      ['Nom', 'E-mail'],
    ]);
  });
});

describe('UTF-8 over chunks', () => {
  it('property: valid wherever the chunks cut a character; one Windows-1252 byte anywhere makes it invalid', () => {
    const chunked = (bytes: Buffer, cuts: number[]) => {
      const validator = utf8Validator();
      let from = 0;
      for (const cut of [...cuts.map((c) => c % (bytes.length + 1))].sort((a, b) => a - b)) {
        validator.add(bytes.subarray(from, Math.max(from, cut)));
        from = Math.max(from, cut);
      }
      validator.add(bytes.subarray(from));
      return validator.end();
    };
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (text, cuts) => {
          const bytes = Buffer.from(text, 'utf8');
          expect(chunked(bytes, cuts)).toBe(true);
          const at = cuts[0] ?? 0;
          const broken = Buffer.concat([
            bytes.subarray(0, at % (bytes.length + 1)),
            Buffer.from([0xe9, 0x41]),
            bytes.subarray(at % (bytes.length + 1)),
          ]);
          expect(chunked(broken, cuts)).toBe(false);
        }
      ),
      { numRuns: 500 }
    );
  });
});

describe('separators', () => {
  it.each([
    [',', 'emailAddress,role\nann@x.com,user\n'],
    [';', 'emailAddress;role\nann@x.com;user\n'],
    ['\t', 'emailAddress\trole\nann@x.com\tuser\n'],
    ['|', 'emailAddress|role\nann@x.com|user\n'],
  ])('reads %j', (separator, text) => {
    const layout = sniff(Buffer.from(text));
    expect([layout.delimiter, layout.header]).toEqual([separator, ['emailAddress', 'role']]);
  });

  it("honours Excel's sep= line, which is neither a title nor the header", () => {
    const layout = sniff(Buffer.from('sep=;\r\nEmail;Company\r\nann@x.com;Bees, Inc.\r\n'));
    expect([layout.delimiter, layout.separatorDeclared, layout.headerLine, layout.warnings]).toEqual([
      ';',
      true,
      2,
      [],
    ]);
  });
});

describe('columns', () => {
  it("reads exports' names, prefers a value column over a type column, and the canonical name over an alias", () => {
    const google = [
      'Name',
      'Given Name',
      'Family Name',
      'E-mail 1 - Type',
      'E-mail 1 - Value',
      'Organization 1 - Name',
    ];
    expect(recognizeColumns(google).map((m) => [m.field, m.header])).toEqual([
      ['firstName', 'Given Name'],
      ['lastName', 'Family Name'],
      ['emailAddress', 'E-mail 1 - Value'],
      ['partnerName', 'Organization 1 - Name'],
    ]);
    expect(recognizeColumns(['Email', 'emailAddress']).map((m) => m.column)).toEqual([2]);
    expect(recognizeColumns(['First Name', 'Last Name', 'Email', 'Company Name']).map((m) => m.field)).toEqual([
      'firstName',
      'lastName',
      'emailAddress',
      'partnerName',
    ]);
  });

  it('an explicit mapping is exactly what is read; a header it names must exist', () => {
    expect(recognizeColumns(['Correo', 'Nombre'], { emailAddress: 'Correo', firstName: 'Nombre' })).toEqual([
      { field: 'emailAddress', column: 1, header: 'Correo', matchedBy: 'mapping' },
      { field: 'firstName', column: 2, header: 'Nombre', matchedBy: 'mapping' },
    ]);
    expect(recognizeColumns(['Email', 'First Name'], { emailAddress: 'Email' }).map((m) => m.field)).toEqual([
      'emailAddress',
    ]);
    expect(badRequestOf(() => recognizeColumns(['Email'], { emailAddress: 'Mail' })).message).toMatch(
      /no such column: choose one of "Email"/
    );
  });

  it('without an email column, the refusal lists the columns to map by hand', () => {
    const error = badRequestOf(() => sniff(Buffer.from('Correo;Nombre\na@x.com;Ann\n')));
    expect(error.message).toMatch(/No email column was found/);
    expect(error.details).toMatchObject({ line: 1, columns: ['Correo', 'Nombre'], separator: ';' });
    expect(sniff(Buffer.from('Correo;Nombre\na@x.com;Ann\n'), { emailAddress: 'Correo' }).columns).toEqual([
      { field: 'emailAddress', column: 1, header: 'Correo', matchedBy: 'mapping' },
    ]);
  });
});

describe('rows and the lines they cover', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csv-rows-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  let files = 0;
  const rowsOfText = async (text: string, delimiter: ',' | ';' = ',') => {
    const file = path.join(dir, `f${(files += 1)}.csv`);
    fs.writeFileSync(file, text);
    const rows: FileRow[] = [];
    for await (const chunk of rowChunksOf(file, { delimiter, encoding: { encoding: 'utf-8', bomBytes: 0 } }))
      rows.push(...chunk);
    return rows;
  };
  const layout = { header: ['emailAddress', 'firstName'], delimiter: ',' as const };

  it('an unclosed quote: the rows after it are one value, and the problem names every line it took', async () => {
    const rows = await rowsOfText('emailAddress,firstName\na@x.com,"Sam\nb@x.com,Bob\nc@x.com,Cy\n');
    expect(rows.map((r) => [r.line, r.span, r.quoteError])).toEqual([
      [1, 1, null],
      [2, 3, 'MissingQuotes'],
    ]);
    expect(rowProblem(rows[1], layout)).toMatchObject({
      line: 2,
      endLine: 4,
      code: 'malformed_quotes',
      message: expect.stringMatching(/^Lines 2–4: a quote opened on line 2 is never closed/),
    });
  });

  it('a quote closed lines later: the rows it swallowed are reported, not lost', async () => {
    const rows = await rowsOfText('emailAddress,firstName\na@x.com,"Sam\nb@x.com,Bob\nc@x.com,Cy"\nd@x.com,Di\n');
    expect(rows.map((r) => [r.line, r.span])).toEqual([
      [1, 1],
      [2, 3],
      [5, 1],
    ]);
    expect(rowProblem(rows[1], layout)).toMatchObject({ code: 'row_spans_lines', line: 2, endLine: 4 });
    expect(rowProblem(rows[2], layout)).toBeNull();
  });

  it('a real multi-line value is kept; more values than columns is refused', async () => {
    const rows = await rowsOfText('emailAddress,firstName\na@x.com,"Ann\nMarie"\nb@x.com,Bob,Smith\n');
    expect(rows.map((r) => [r.line, r.span])).toEqual([
      [1, 1],
      [2, 2],
      [4, 1],
    ]);
    expect(rowProblem(rows[1], layout)).toBeNull();
    expect(rowProblem(rows[2], layout)).toMatchObject({ code: 'too_many_cells', line: 4 });
  });

  it('property: the rows cover every physical line of any file, once, in order', async () => {
    const cell = fc.oneof(
      fc.constantFrom('', 'a@x.com', 'Ann', '"Sam', 'Sam"', '"Ann\nMarie"', '"x""y"', ' ', ',', '"a,b"', '\r'),
      fc.string({ maxLength: 6 })
    );
    const line = fc.array(cell, { minLength: 0, maxLength: 4 }).map((cells) => cells.join(','));
    const file = fc.tuple(fc.array(line, { minLength: 1, maxLength: 12 }), fc.constantFrom('\n', '\r\n'), fc.boolean());
    await fc.assert(
      fc.asyncProperty(file, async ([lines, eol, finalBreak]) => {
        const text = lines.join(eol) + (finalBreak ? eol : '');
        const rows = await rowsOfText(text);
        // Physical lines as an editor counts them; a final line break starts no line.
        const physical = text === '' ? 0 : text.split(/\r\n|\r|\n/).length - (/(\r\n|\r|\n)$/.test(text) ? 1 : 0);
        let next = 1;
        for (const row of rows) {
          expect(row.line).toBe(next);
          next += row.span;
        }
        expect(next - 1).toBe(physical);
      }),
      { numRuns: 300 }
    );
  });
});
