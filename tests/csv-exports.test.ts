/**
 * The files people actually export, each written the way its program writes it
 * (tests/helpers/csv-exports.ts), imported through the admin API of a real Strapi: each is read, the
 * report names the encoding, separator and the column read as each field, and the names arrive intact.
 */
import fc from 'fast-check';
import {
  excelEuropeanCsv,
  excelUnicodeText,
  excelWindowsCsv,
  excelWithSepLine,
  googleContacts,
  hubspotContacts,
  outlookContacts,
  salesforceContacts,
  type Person,
} from './helpers/csv-exports';
import { asAdmin, startApp, startWebhookReceiver, waitFor, type TestApp, type WebhookReceiver } from './helpers/app';

let app: TestApp;
let receiver: WebhookReceiver;

beforeAll(async () => {
  app = await startApp();
  receiver = await startWebhookReceiver();
  const hook = await asAdmin(app, 'post', '/admin/webhooks').send({
    name: 'imports',
    url: receiver.url,
    headers: {},
    events: ['import.completed', 'invitation.created'],
  });
  if (hook.status !== 201) throw new Error(`webhook: ${hook.status} ${hook.text}`);
});

afterAll(async () => {
  await app?.stop();
  await receiver?.close();
});

const upload = (content: Buffer, { dryRun = false, mapping }: { dryRun?: boolean; mapping?: object } = {}) => {
  const request = asAdmin(app, 'post', `/invitations/import${dryRun ? '?dryRun=true' : ''}`);
  if (mapping) request.field('mapping', JSON.stringify(mapping));
  return request.attach('file', content, 'contacts.csv');
};

const people = (domain: string): Person[] => [
  { firstName: 'François', lastName: 'Müller', email: `francois@${domain}`, company: 'Société Générale, SA' },
  {
    firstName: 'Zoë',
    lastName: 'Ångström',
    email: `zoe@${domain}`,
    company: 'Bees',
    notes: 'Met at the fair\nCall back',
  },
  { firstName: 'Sam', lastName: "O'Neil", email: `sam@${domain}` },
];

/** The invitations created for a domain, as the admin list shows them. */
const invited = async (domain: string) => {
  const list = await asAdmin(app, 'get', `/invitations/invitations?search=${domain}&sort=email:asc`);
  return list.body.results.map((r: { email: string; firstName: string; lastName: string; partnerName: string }) => [
    r.email,
    r.firstName,
    r.lastName,
    r.partnerName,
  ]);
};

const mappingOf = (report: { columns: { mapping: { field: string; header: string }[] } }) =>
  Object.fromEntries(report.columns.mapping.map((m) => [m.field, m.header]));

describe('exports that used to be refused', () => {
  it('Outlook contacts (Windows-1252, "E-mail Address" among 92 columns, quoted notes with line breaks)', async () => {
    const dry = await upload(outlookContacts(people('outlook.test')), { dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body.format).toEqual({
      encoding: 'windows-1252',
      separator: ',',
      separatorDeclared: false,
      headerLine: 1,
    });
    expect(mappingOf(dry.body)).toEqual({
      firstName: 'First Name',
      lastName: 'Last Name',
      partnerName: 'Company',
      emailAddress: 'E-mail Address',
    });
    // Zoë's notes span two lines: 1 header + 3 rows over 5 lines.
    expect(dry.body.totals).toMatchObject({ lines: 5, skipped: 1, rows: 3, valid: 3, invalid: 0 });
    expect(dry.body.problems).toEqual([
      expect.objectContaining({ code: 'unknown_column', message: expect.stringMatching(/^88 columns are not ones/) }),
    ]);
    expect((await upload(outlookContacts(people('outlook.test')))).body.totals.created).toBe(3);
    expect(await invited('outlook.test')).toEqual([
      ['francois@outlook.test', 'François', 'Müller', 'Société Générale, SA'],
      ['sam@outlook.test', 'Sam', "O'Neil", null],
      ['zoe@outlook.test', 'Zoë', 'Ångström', 'Bees'],
    ]);
  });

  it('Excel "CSV (Comma delimited)" on Windows with accented names (Windows-1252)', async () => {
    const res = await upload(excelWindowsCsv(people('excel.test')));
    expect(res.body.format).toMatchObject({ encoding: 'windows-1252', separator: ',' });
    expect(res.body.totals).toMatchObject({ rows: 3, created: 3 });
    expect((await invited('excel.test'))[0]).toEqual([
      'francois@excel.test',
      'François',
      'Müller',
      'Société Générale, SA',
    ]);
  });

  it('Excel in a European locale (";" separator, Windows-1252)', async () => {
    const res = await upload(excelEuropeanCsv(people('excel-eu.test')));
    expect(res.body.format).toMatchObject({ encoding: 'windows-1252', separator: ';' });
    expect(res.body.totals).toMatchObject({ rows: 3, created: 3 });
    expect((await invited('excel-eu.test'))[0]).toEqual([
      'francois@excel-eu.test',
      'François',
      'Müller',
      'Société Générale, SA',
    ]);
  });

  it('Excel "Unicode Text" (UTF-16 LE with BOM, tabs)', async () => {
    const res = await upload(excelUnicodeText(people('utf16.test')));
    expect(res.body.format).toMatchObject({ encoding: 'utf-16le', separator: '\t' });
    expect(mappingOf(res.body)).toMatchObject({ emailAddress: 'E-mail Address', partnerName: 'Company' });
    expect(res.body.totals).toMatchObject({ rows: 3, created: 3 });
    expect((await invited('utf16.test'))[2]).toEqual(['zoe@utf16.test', 'Zoë', 'Ångström', 'Bees']);
  });

  it('Google Contacts (the value column is read, not "E-mail 1 - Type")', async () => {
    const dry = await upload(googleContacts(people('google.test')), { dryRun: true });
    expect(dry.body.format).toMatchObject({ encoding: 'utf-8', separator: ',' });
    expect(mappingOf(dry.body)).toEqual({
      firstName: 'Given Name',
      lastName: 'Family Name',
      emailAddress: 'E-mail 1 - Value',
      partnerName: 'Organization 1 - Name',
    });
    expect(dry.body.totals).toMatchObject({ rows: 3, valid: 3, invalid: 0 });
  });

  it.each([
    ['HubSpot', hubspotContacts, 'hubspot.test', { emailAddress: 'Email', partnerName: 'Company Name' }],
    ['Salesforce', salesforceContacts, 'salesforce.test', { emailAddress: 'Email', partnerName: 'Account Name' }],
  ])('a CRM export (%s: Email, First Name, Last Name)', async (_name, build, domain, expected) => {
    const res = await upload(build(people(domain)));
    expect(mappingOf(res.body)).toMatchObject({ firstName: 'First Name', lastName: 'Last Name', ...expected });
    expect(res.body.totals).toMatchObject({ rows: 3, created: 3 });
    expect((await invited(domain))[0]).toEqual([`francois@${domain}`, 'François', 'Müller', 'Société Générale, SA']);
  });

  it('Excel\'s "sep=," first line is honoured, not reported as a Numbers title', async () => {
    const res = await upload(excelWithSepLine(people('sepline.test')), { dryRun: true });
    expect(res.body.format).toEqual({ encoding: 'utf-8', separator: ',', separatorDeclared: true, headerLine: 2 });
    expect(res.body.problems).toEqual([]);
    expect(res.body.totals).toMatchObject({ lines: 5, skipped: 2, rows: 3, valid: 3 });
  });

  it('an unclosed quote: the lines it swallowed are a numbered problem, and the totals count every line', async () => {
    const csv = 'emailAddress,firstName\nok@quote.test,Ok\nsam@quote.test,"Sam\nbob@quote.test,Bob\ncy@quote.test,Cy\n';
    const res = await upload(Buffer.from(csv), { dryRun: true });
    expect(res.body.totals).toEqual({
      lines: 5,
      skipped: 1,
      rows: 2,
      valid: 1,
      invalid: 1,
      warnings: 0,
      created: 0,
    });
    expect(res.body.problems).toEqual([
      expect.objectContaining({
        line: 3,
        endLine: 5,
        code: 'malformed_quotes',
        message: expect.stringMatching(/^Lines 3–5: a quote opened on line 3 is never closed/),
        fix: 'Close the quote on line 3 (or remove it), then import the file again.',
      }),
    ]);
  });
});

describe('mapping columns by hand', () => {
  it('a file with no recognised email column is read once the admin maps it, and only what is mapped is read', async () => {
    const csv = Buffer.from('Correo;Nombre;Empresa\nana@mapped.test;Ana;Abejas\n');
    const refused = await upload(csv, { dryRun: true });
    expect([refused.status, refused.body.error.details.code]).toEqual([400, 'CSV_MISSING_HEADER']);
    expect(refused.body.error.details).toMatchObject({ columns: ['Correo', 'Nombre', 'Empresa'], separator: ';' });

    const mapping = { emailAddress: 'Correo', firstName: 'Nombre', partnerName: null };
    const dry = await upload(csv, { dryRun: true, mapping });
    expect(dry.body.columns.mapping).toEqual([
      { field: 'emailAddress', column: 1, header: 'Correo', matchedBy: 'mapping' },
      { field: 'firstName', column: 2, header: 'Nombre', matchedBy: 'mapping' },
    ]);
    expect(dry.body.columns.ignored).toEqual(['Empresa']);
    expect((await upload(csv, { mapping })).body.totals.created).toBe(1);
    expect(await invited('mapped.test')).toEqual([['ana@mapped.test', 'Ana', null, null]]);
  });
});

describe('the import.completed webhook', () => {
  it('is sent once per import with the counts and the format, and no invitation.created per row', async () => {
    const before = receiver.hooks.length;
    const res = await upload(excelEuropeanCsv(people('hooked-import.test')));
    expect(res.body.totals.created).toBe(3);
    const hook = await waitFor(
      () => receiver.hooks.slice(before).find((h) => h.event === 'import.completed'),
      'the import.completed webhook'
    );
    expect(hook.body.import).toEqual({
      file: 'contacts.csv',
      lines: 4,
      skipped: 1,
      rows: 3,
      valid: 3,
      invalid: 0,
      warnings: 0,
      created: 3,
      byCode: {},
      format: { encoding: 'windows-1252', separator: ';', separatorDeclared: false, headerLine: 1 },
      organization: null,
      actor: { type: 'admin', id: expect.any(Number) },
    });
    // Dry runs send nothing; and rows never become one call each.
    await upload(excelEuropeanCsv(people('hooked-dry.test')), { dryRun: true });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.hooks.filter((h) => h.event === 'invitation.created')).toEqual([]);
    expect(receiver.hooks.filter((h) => JSON.stringify(h.body).includes('hooked-dry.test'))).toEqual([]);
  });
});

describe('no silent loss', () => {
  it('property: for generated malformed files, the report accounts for every line and every row', async () => {
    let file = 0;
    const record = fc.oneof(
      fc.constant(''),
      fc.nat({ max: 999 }).map((n) => `row${n}@loss.test,Name${n}`),
      fc.constantFrom('not-an-email,X', 'a@loss.test,"Sam', 'b@loss.test,Sam"', ',,,', 'c@loss.test,"Ann\nMarie"', '"'),
      fc.constantFrom('d@loss.test,Bob,extra,more', 'e@loss.test;Bo', ' ')
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(record, { minLength: 1, maxLength: 15 }),
        fc.constantFrom('\n', '\r\n'),
        async (records, eol) => {
          const text = ['emailAddress,firstName', ...records].join(eol) + eol;
          const res = await upload(Buffer.from(text), { dryRun: true });
          file += 1;
          expect(res.status).toBe(200);
          const { totals, problems } = res.body as {
            totals: { lines: number; skipped: number; rows: number; valid: number; invalid: number };
            problems: { severity: string; line: number; endLine?: number }[];
          };
          const physical = text.split(/\r\n|\r|\n/).length - 1;
          expect(totals.lines).toBe(physical);
          expect(totals.valid + totals.invalid).toBe(totals.rows);
          // Each row with an error has one problem; the lines of those rows and of the valid ones, with
          // the skipped lines, are the file.
          expect(problems.filter((p) => p.severity === 'error')).toHaveLength(totals.invalid);
          expect(totals.skipped + totals.rows).toBeLessThanOrEqual(totals.lines);
        }
      ),
      { numRuns: 30 }
    );
    expect(file).toBe(30);
  });
});
