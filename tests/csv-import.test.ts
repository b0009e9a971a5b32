import {
  ADMIN,
  acceptInvitation,
  asAdmin,
  createOrganization,
  invitationLinkOwners,
  inviteOne,
  previewInvitation,
  startApp,
  tokenOf,
  waitFor,
  type TestApp,
} from './helpers/app';

let app: TestApp;

beforeAll(async () => {
  app = await startApp();
});

afterAll(async () => {
  await app?.stop();
});

interface Problem {
  line: number;
  column: string | null;
  value: string;
  code: string;
  severity: 'error' | 'warning';
  message: string;
  fix: string;
}

const upload = (content: string | Buffer, { dryRun = false, name = 'partners.csv' } = {}) =>
  asAdmin(app, 'post', `/invitations/import${dryRun ? '?dryRun=true' : ''}`).attach(
    'file',
    Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'),
    name
  );
const invitationCount = () => app.strapi.db.query('plugin::invitations.invitation').count();
const exists = async (email: string) =>
  (await app.strapi.db.query('plugin::invitations.invitation').count({ where: { email } })) > 0;
const problem = (problems: Problem[], code: string) => problems.find((p) => p.code === code);

/** A file-level problem: 400 with the code, and nothing written. */
const expectRefused = async (content: string | Buffer, code: string, message: RegExp, name?: string) => {
  const before = await invitationCount();
  const res = await upload(content, { name });
  expect({ status: res.status, code: res.body.error?.details?.code }).toEqual({ status: 400, code });
  expect(res.body.error.message).toMatch(message);
  expect(await invitationCount()).toBe(before);
  return res.body.error;
};

describe('the sample file', () => {
  it('downloads, and itself imports cleanly (dry run)', async () => {
    const sample = await asAdmin(app, 'get', '/invitations/import/sample');
    expect(sample.status).toBe(200);
    expect(sample.headers['content-type']).toMatch(/text\/csv/);
    expect(sample.headers['content-disposition']).toMatch(/attachment; filename="invitations-sample.csv"/);
    const report = (await upload(sample.text, { dryRun: true })).body;
    expect(report.totals).toEqual({ lines: 4, skipped: 1, rows: 3, valid: 3, invalid: 0, warnings: 0, created: 0 });
  });
});

describe('file-level diagnostics (nothing is written)', () => {
  it('a missing header when the first line is an address: says so, never drops that row', async () => {
    const error = await expectRefused(
      'sam@email.com\nbill@bees.co\n',
      'CSV_MISSING_HEADER',
      /Line 1 is an address \(sam@email\.com\), not a header: add a first line "emailAddress"/
    );
    expect(error.details).toMatchObject({ line: 1, value: 'sam@email.com' });
  });

  it('a misspelled header, with the suggestion and the columns to map by hand', async () => {
    const error = await expectRefused(
      'emailAdress,role\nsam@email.com,user\n',
      'CSV_MISSPELLED_HEADER',
      /column 1 is "emailAdress", which is not a name the import reads as the email column: name it "emailAddress", or map the columns by hand/
    );
    expect(error.details).toMatchObject({
      line: 1,
      column: 1,
      suggestion: 'emailAddress',
      columns: ['emailAdress', 'role'],
    });
    await expectRefused('E-mal\nsam@email.com\n', 'CSV_MISSPELLED_HEADER', /"E-mal"/);
  });

  it('no header at all', async () => {
    const error = await expectRefused('name,company\nSam,Bees\n', 'CSV_MISSING_HEADER', /No email column was found/);
    expect(error.details).toMatchObject({ line: 1, columns: ['name', 'company'] });
  });

  it('a mapping that names no column of the file, or is not a mapping', async () => {
    const noSuch = await asAdmin(app, 'post', '/invitations/import?dryRun=true')
      .field('mapping', JSON.stringify({ emailAddress: 'Mail' }))
      .attach('file', Buffer.from('Email,Name\nsam@email.com,Sam\n'), 'partners.csv');
    expect([noSuch.status, noSuch.body.error.details.code]).toEqual([400, 'CSV_MAPPING_INVALID']);
    expect(noSuch.body.error.message).toMatch(/no line at the start of the file has such a column/);
    const unknownField = await asAdmin(app, 'post', '/invitations/import?dryRun=true')
      .field('mapping', JSON.stringify({ emailAddress: 'Email', phone: 'Phone' }))
      .attach('file', Buffer.from('Email,Phone\nsam@email.com,1\n'), 'partners.csv');
    expect([unknownField.status, unknownField.body.error.details.code]).toEqual([400, 'VALIDATION_ERROR']);
    expect(unknownField.body.error.message).toMatch(
      /mapping names an unknown field "phone": the fields are emailAddress/
    );
    const notJson = await asAdmin(app, 'post', '/invitations/import?dryRun=true')
      .field('mapping', '{emailAddress: Email')
      .attach('file', Buffer.from('Email\nsam@email.com\n'), 'partners.csv');
    expect(notJson.body.error.message).toMatch(/mapping must be a JSON object of field → header name/);
  });

  it('not a CSV at all: spreadsheets, binary, other encodings, empty', async () => {
    await expectRefused(
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]),
      'CSV_NOT_CSV',
      /spreadsheet \(\.xlsx, \.numbers or \.ods\), not a CSV file/,
      'partners.xlsx'
    );
    await expectRefused(
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      'CSV_NOT_CSV',
      /old Excel file \(\.xls\)/,
      'partners.xls'
    );
    await expectRefused(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x00, 0x0d]),
      'CSV_NOT_CSV',
      /not text \(it contains binary data\)/,
      'logo.png'
    );
    await expectRefused('\n\n', 'CSV_EMPTY', /The file is empty/);
  });

  it('limits: a file too large and too many rows are clear 400s', async () => {
    const big = `emailAddress\n${'x'.repeat(210_000)}\n`;
    const tooLarge = await expectRefused(
      big,
      'CSV_FILE_TOO_LARGE',
      /The file is 0\.20 MB; the limit is 0\.19 MB\. Split it into smaller files/
    );
    expect(tooLarge.details).toMatchObject({ limit: 200_000 });
    const many = `emailAddress\n${Array.from({ length: 401 }, (_, i) => `row${i}@many.test`).join('\n')}\n`;
    const tooMany = await expectRefused(many, 'CSV_TOO_MANY_ROWS', /The file has 401 rows; the limit is 400/);
    expect(tooMany.details).toEqual({ code: 'CSV_TOO_MANY_ROWS', rows: 401, limit: 400 });
    // Lines ended by \r alone (old Mac files) count as rows too.
    await expectRefused(many.replace(/\n/g, '\r'), 'CSV_TOO_MANY_ROWS', /The file has 401 rows/);
    expect(await exists('row0@many.test')).toBe(false);
  });

  it('needs a file', async () => {
    const res = await asAdmin(app, 'post', '/invitations/import').send({});
    expect([res.status, res.body.error.details.code]).toEqual([400, 'CSV_FILE_REQUIRED']);
    expect(res.body.error.message).toMatch(/multipart\/form-data in a field named "file"/);
  });
});

describe('row diagnostics (each with its line, value and fix)', () => {
  it('reports every problem row and imports the valid ones', async () => {
    const org = await createOrganization(app, { name: 'Csv Org', allowedDomains: ['csvorg.test'], pendingLimit: 3 });
    const pending = await inviteOne(app, 'pending@csvorg.test', { organization: org.documentId });
    const member = await inviteOne(app, 'member@csvorg.test', { organization: org.documentId });
    expect((await acceptInvitation(app, member.token, { password: 'member-pass' })).status).toBe(201);
    expect(pending.id).toBeTruthy();

    const csv = [
      'Table 1', // line 1: Apple Numbers title
      'emailAddress,role,firstName,organization,teams,notes', // 2
      'ok1@csvorg.test,user,Ok,csv-org,,first', // 3
      '<stray@csvorg.test>,user,,csv-org,,', // 4
      'not-an-email,user,,csv-org,,', // 5
      'OK1@csvorg.test,user,,csv-org,,', // 6 duplicate of 3
      'pending@csvorg.test,user,,csv-org,,', // 7
      'member@csvorg.test,user,,csv-org,,', // 8
      'boss@csvorg.test,owner,,csv-org,,', // 9
      'who@nowhere.test,user,,no-such-org,,', // 10
      'outsider@gmail.com,user,,csv-org,,', // 11
      '', // 12 blank in the middle
      'ok2@csvorg.test,user,,csv-org,,', // 13
      'ok3@csvorg.test,user,,csv-org,,', // 14 over the limit (3 = pending + ok1 + ok2)
      ',user,,,,', // 15 no email
      'team@csvorg.test,user,,csv-org,Nope,', // 16 unknown team
      '',
      '',
    ].join('\n');

    const dry = await upload(csv, { dryRun: true });
    expect(dry.status).toBe(200);
    const report = dry.body;
    expect(report.dryRun).toBe(true);
    // 17 lines: the title, the header and 2 blank lines are skipped, and 13 rows are read.
    const totals = { lines: 17, skipped: 4, rows: 13, valid: 2, invalid: 11, warnings: 3 };
    expect(report.totals).toEqual({ ...totals, created: 0 });
    expect(report.totals.valid + report.totals.invalid).toBe(report.totals.rows);
    const problems = report.problems as Problem[];
    expect(problems.map((p) => [p.line, p.code])).toEqual([
      [1, 'title_row'],
      [2, 'unknown_column'],
      [4, 'stray_characters'],
      [5, 'invalid_email'],
      [6, 'duplicate'],
      [7, 'already_invited'],
      [8, 'already_member'],
      [9, 'unknown_role'],
      [10, 'unknown_organization'],
      [11, 'domain_not_allowed'],
      [12, 'blank_row'],
      [14, 'limit_reached'],
      [15, 'missing_email'],
      [16, 'unknown_team'],
    ]);
    expect(problem(problems, 'title_row')).toMatchObject({
      severity: 'warning',
      value: 'Table 1',
      fix: expect.stringMatching(/uncheck Title and Caption/),
    });
    expect(problem(problems, 'unknown_column')).toMatchObject({ value: 'notes', severity: 'warning' });
    expect(problem(problems, 'stray_characters')).toMatchObject({
      value: '<stray@csvorg.test>',
      fix: 'Keep only the address: stray@csvorg.test',
    });
    expect(problem(problems, 'duplicate')!.message).toMatch(/ok1@csvorg\.test is already on line 3/);
    expect(problem(problems, 'unknown_role')!.fix).toMatch(/Use one of admin, user, viewer/);
    expect(problem(problems, 'unknown_organization')).toMatchObject({ column: 'organization', value: 'no-such-org' });
    expect(problem(problems, 'domain_not_allowed')!.message).toMatch(
      /outsider@gmail\.com|gmail\.com is not an allowed domain of Csv Org: allowed are csvorg\.test/
    );
    expect(problem(problems, 'limit_reached')!.message).toMatch(/limit of 3 pending invitations/);
    expect(problem(problems, 'unknown_team')!.message).toMatch(/Csv Org has no team "Nope"/);
    expect(report.byCode).toMatchObject({ duplicate: 1, blank_row: 1 });
    expect(await exists('ok1@csvorg.test')).toBe(false);

    const committed = await upload(csv);
    expect(committed.status).toBe(201);
    expect(committed.body.totals).toEqual({ ...totals, created: 2 });
    expect(await exists('ok1@csvorg.test')).toBe(true);
    expect(await exists('ok2@csvorg.test')).toBe(true);
    expect(await exists('ok3@csvorg.test')).toBe(false);
  });
});

describe('format', () => {
  it('accepts a BOM, CRLF, quoted fields, any header case and spaces, teams by ; or |, trailing empty lines', async () => {
    const org = await createOrganization(app, { name: 'Format Org' });
    for (const name of ['Sales', 'Support'])
      await asAdmin(app, 'post', `/invitations/organizations/${org.documentId}/teams`).send({ name });
    const csv =
      '\uFEFF EmailAddress ,FIRSTNAME,lastName,organization,teams,partnerName\r\n' +
      '"quoted@format.test","Anne, Marie","O\'Neil",format-org,Sales;Support,"Bees, Inc."\r\n' +
      'pipes@format.test,Pat,,format-org,sales|support,\r\n' +
      '\r\n\r\n';
    const res = await upload(csv);
    expect(res.body.totals).toEqual({ lines: 5, skipped: 3, rows: 2, valid: 2, invalid: 0, warnings: 0, created: 2 });
    const list = await asAdmin(app, 'get', '/invitations/invitations?search=format.test&sort=email:asc');
    expect(
      list.body.results.map(
        (r: {
          email: string;
          firstName: string;
          partnerName: string;
          source: string;
          teams: { name: string }[];
          organization: { name: string };
        }) => [
          r.email,
          r.firstName,
          r.partnerName,
          r.source,
          r.teams
            .map((t) => t.name)
            .sort()
            .join('+'),
          r.organization.name,
        ]
      )
    ).toEqual([
      ['pipes@format.test', 'Pat', null, 'csv', 'Sales+Support', 'Format Org'],
      ['quoted@format.test', 'Anne, Marie', 'Bees, Inc.', 'csv', 'Sales+Support', 'Format Org'],
    ]);
    expect(list.body.results[0].invitedBy.email).toBe('super@tests.local');
  });
});

describe('commit', () => {
  it("never exceeds an organization's pending limit while batches are written at once and the form invites into it", async () => {
    const org = await createOrganization(app, { name: 'Batch Limit', pendingLimit: 70 });
    const rows = Array.from({ length: 150 }, (_, i) => `row${i}@batchlimit.test,${org.slug}`);
    // 150 rows are three batches of 50 (two written at once on PostgreSQL); ten form invites race them.
    const [imported, ...forms] = await Promise.all([
      upload(`emailAddress,organization\n${rows.join('\n')}\n`, { name: 'batch-limit.csv' }),
      ...Array.from({ length: 10 }, (_, i) =>
        asAdmin(app, 'post', '/invitations/invitations').send({
          emails: `form${i}@batchlimit.test`,
          organization: org.documentId,
        })
      ),
    ]);
    expect(imported.status).toBe(201);
    const formResults = forms.map((res) => res.body.results[0].result as string);
    const formCreated = formResults.filter((result) => result === 'created').length;
    expect(formResults.filter((result) => result !== 'created').every((result) => result === 'limit_reached')).toBe(
      true
    );
    const pending = await app.strapi.db
      .query('plugin::invitations.invitation')
      .count({ where: { email: { $endsWith: '@batchlimit.test' }, status: 'pending' } });
    expect(pending).toBe(70);
    expect(imported.body.totals.created + formCreated).toBe(70);
    const refused = (imported.body.problems as Problem[]).filter((p) => p.code === 'limit_reached').length;
    expect(refused).toBe(150 - imported.body.totals.created);
  });

  it('writes nothing on a dry run; a commit queues and delivers the mails, audits once, and a re-run creates nothing twice', async () => {
    const csv = 'emailAddress,firstName\nc1@commit.test,One\nc2@commit.test,Two\nc3@commit.test,Three\n';
    const before = await invitationCount();
    expect((await upload(csv, { dryRun: true })).body.totals.valid).toBe(3);
    expect(await invitationCount()).toBe(before);

    const first = await upload(csv);
    expect(first.body.totals).toMatchObject({ valid: 3, created: 3 });
    for (const email of ['c1@commit.test', 'c2@commit.test', 'c3@commit.test']) {
      await waitFor(() => app.mail.mails.some((m) => m.to.includes(email) && m.link), `the mail to ${email}`);
    }
    const mail = app.mail.mails.find((m) => m.to.includes('c2@commit.test'))!;
    expect(mail.text).toContain('Hello Two,');
    // The mailed link works like any other.
    const preview = await previewInvitation(app, tokenOf(mail.link!));
    expect(preview.body.data).toMatchObject({ email: 'c2@commit.test', status: 'pending' });

    const second = await upload(csv);
    expect(second.status).toBe(200);
    expect(second.body.totals).toMatchObject({ valid: 0, invalid: 3, created: 0 });
    expect(second.body.byCode).toEqual({ already_invited: 3 });
    expect(await invitationCount()).toBe(before + 3);

    const audit = await asAdmin(app, 'get', '/invitations/audit-events?action=import.completed&pageSize=100');
    const events = audit.body.results.filter((e: { data: { file: string } }) => e.data.file === 'partners.csv');
    expect(events[0].data).toMatchObject({ rows: 3, valid: 0, invalid: 3, created: 0 });
    expect(events[1].data).toMatchObject({ rows: 3, valid: 3, created: 3 });

    // Once they are overdue (the expiry task has not run yet), the same file invites them afresh:
    // the import expires the old invitations that still hold the addresses, and audits that.
    const invitations = app.strapi.db.query('plugin::invitations.invitation');
    const old = await invitations.findMany({ where: { email: { $endsWith: '@commit.test' } } });
    await invitations.updateMany({
      where: { id: { $in: old.map((row: { id: number }) => row.id) } },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const third = await upload(csv);
    expect(third.body.totals).toMatchObject({ valid: 3, invalid: 0, created: 3 });
    expect(await invitationCount()).toBe(before + 6);
    const statuses = await invitations.findMany({
      where: { email: { $endsWith: '@commit.test' } },
      orderBy: { id: 'asc' },
    });
    expect(statuses.map((row: { status: string }) => row.status)).toEqual([
      'expired',
      'expired',
      'expired',
      'pending',
      'pending',
      'pending',
    ]);
    // Each names the admin who imported it, through exactly one link row.
    const ids = statuses.map((row: { id: number }) => row.id);
    expect((await invitationLinkOwners(app, 'invitedBy', ids)).sort()).toEqual([...ids].sort());
    const inviters = await invitations.findMany({
      where: { id: { $in: ids } },
      populate: { invitedBy: { select: ['id'] } },
    });
    const admin = await app.strapi.db.query('admin::user').findOne({ where: { email: ADMIN.email } });
    expect(inviters.map((row: { invitedBy: { id: number } | null }) => row.invitedBy?.id)).toEqual(
      ids.map(() => admin.id)
    );
    for (const row of old) {
      const events = await asAdmin(
        app,
        'get',
        `/invitations/audit-events?invitation=${row.documentId}&action=invitation.expired`
      );
      expect(events.body.results).toHaveLength(1);
    }
  });

  it('property: for random mixes the report adds up and exactly the valid rows exist', async () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 5; round += 1) {
      const valid = new Set<string>();
      const lines = ['emailAddress,role'];
      const expected = { invalid: 0 };
      const count = 20 + Math.floor(random() * 60);
      for (let i = 0; i < count; i += 1) {
        const kind = random();
        const email = `p${round}-${i}@prop.test`;
        if (kind < 0.5) {
          lines.push(`${email},user`);
          valid.add(email);
        } else if (kind < 0.6 && valid.size > 0) {
          lines.push(`${[...valid][0].toUpperCase()},user`); // duplicate, other case
          expected.invalid += 1;
        } else if (kind < 0.7) {
          lines.push(`p${round}-${i}-at-prop.test,user`);
          expected.invalid += 1;
        } else if (kind < 0.8) {
          lines.push(`${email},emperor`);
          expected.invalid += 1;
        } else if (kind < 0.9) {
          lines.push(`  ${email.toUpperCase()}  ,viewer`); // valid after trimming and lower-casing
          valid.add(email);
        } else {
          lines.push(`"${email}>",user`);
          expected.invalid += 1;
        }
      }
      const csv = `${lines.join('\n')}\n`;
      const dry = (await upload(csv, { dryRun: true })).body;
      const res = (await upload(csv)).body;
      for (const report of [dry, res]) {
        expect(report.totals.rows).toBe(count);
        expect(report.totals.valid + report.totals.invalid).toBe(report.totals.rows);
        expect(report.totals.valid).toBe(valid.size);
        expect(report.totals.invalid).toBe(expected.invalid);
        expect(Object.values(report.byCode as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(
          report.totals.invalid + report.totals.warnings
        );
      }
      expect(res.totals.created).toBe(valid.size);
      const stored = await app.strapi.db.query('plugin::invitations.invitation').findMany({
        select: ['email'],
        where: { email: { $startsWith: `p${round}-` } },
      });
      expect(stored.map((r: { email: string }) => r.email).sort()).toEqual([...valid].sort());
    }
  });

  (process.env.TEST_DATABASE === 'postgres' ? it : it.skip)(
    'PostgreSQL: a large import leaves the tables it filled analyzed, for the lists read right after it',
    async () => {
      const knex = app.strapi.db.connection;
      const schema = app.strapi.db.getSchemaName() || 'public';
      // reltuples: -1 until a table is first analyzed or vacuumed, then its estimated row count.
      const estimated = async (table: string) =>
        Number(
          (
            (await knex.raw(
              'select c.reltuples from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = ? and c.relname = ?',
              [schema, table]
            )) as { rows: { reltuples: number }[] }
          ).rows[0].reltuples
        );
      const settings = async (importLimits: Record<string, number>) =>
        (await asAdmin(app, 'put', '/invitations/settings').send({ importLimits })).body.data.importLimits;
      const limits = await settings({ maxRows: 10_000, maxBytes: 1_048_576 });
      let res;
      try {
        const lines = ['emailAddress', ...Array.from({ length: 10_000 }, (_, i) => `analyzed-${i}@stats.test`)];
        res = await upload(`${lines.join('\n')}\n`);
      } finally {
        await settings({ maxRows: 400, maxBytes: 200_000 });
      }
      expect(limits).toEqual({ maxRows: 10_000, maxBytes: 1_048_576 });
      expect([res.status, res.body.error]).toEqual([201, undefined]);
      expect(res.body.totals.created).toBe(10_000);
      expect(await estimated('invitations_invitations_invited_by_lnk')).toBeGreaterThanOrEqual(10_000);
      expect(await estimated('invitations_invitations')).toBeGreaterThanOrEqual(10_000);
      // The columns the lists' indexes are chosen on have statistics.
      const analyzed = (
        (await knex.raw('select attname from pg_stats where schemaname = ? and tablename = ?', [
          schema,
          'invitations_invitations',
        ])) as { rows: { attname: string }[] }
      ).rows.map((row) => row.attname);
      expect(analyzed).toEqual(expect.arrayContaining(['status', 'created_at', 'expires_at', 'scope_organization']));
    }
  );
});
