import {
  acceptInvitation,
  asAdmin,
  createOrganization,
  inviteOne,
  previewInvitation,
  registerUser,
  startApp,
  startWebhookReceiver,
  tokenOf,
  waitFor,
  type TestApp,
  type WebhookReceiver,
} from './helpers/app';

/**
 * Fields the portal defines (issue #16): invitation fields that whoever invites fills in (API, form,
 * CSV, templates), application fields the invitee fills in on accept and join, and a role per address.
 * Through the real server, its settings, its SMTP delivery and its webhooks.
 */
let app: TestApp;
let receiver: WebhookReceiver;

const COMPANY_SIZE = { key: 'companySize', label: 'Company size', type: 'number', required: true };
const TIER = { key: 'tier', label: 'Partner tier', type: 'select', required: false, options: ['Gold', 'Silver'] };
const WHY = { key: 'why', label: 'Why do you want to partner', type: 'text', required: true, help: 'One or two lines' };
const TERMS = { key: 'terms', label: 'I accept the partner terms', type: 'checkbox', required: true };

const saveFields = async (fields: Record<string, unknown>) => {
  const res = await asAdmin(app, 'put', '/invitations/settings').send({ fields });
  expect(res.status).toBe(200);
  return res;
};
const invite = (body: Record<string, unknown>) => asAdmin(app, 'post', '/invitations/invitations').send(body);
const upload = (content: string, { dryRun = true, mapping }: { dryRun?: boolean; mapping?: object } = {}) => {
  const req = asAdmin(app, 'post', `/invitations/import${dryRun ? '?dryRun=true' : ''}`);
  if (mapping) req.field('mapping', JSON.stringify(mapping));
  return req.attach('file', Buffer.from(content), 'partners.csv');
};

beforeAll(async () => {
  app = await startApp();
  receiver = await startWebhookReceiver();
  const hook = await asAdmin(app, 'post', '/admin/webhooks').send({
    name: 'accepts',
    url: receiver.url,
    headers: {},
    events: ['invitation.accepted', 'join_link.used'],
  });
  if (hook.status !== 201) throw new Error(`webhook: ${hook.status} ${hook.text}`);
});

afterAll(async () => {
  await app?.stop();
  await receiver?.close();
});

describe('field definitions in the settings', () => {
  it('are saved, answered to the forms, and refused with the fault named', async () => {
    const saved = await saveFields({ invitation: [COMPANY_SIZE, TIER], application: [WHY] });
    expect(saved.body.data.fields.invitation.map((f: { key: string }) => f.key)).toEqual(['companySize', 'tier']);
    const options = await asAdmin(app, 'get', '/invitations/form-options');
    expect(options.body.data?.fields ?? options.body.fields).toEqual({
      invitation: [COMPANY_SIZE, TIER],
      application: [WHY],
    });

    const bad = await asAdmin(app, 'put', '/invitations/settings').send({
      fields: { invitation: [{ key: 'size', label: 'Size', type: 'select', required: false }] },
    });
    expect([bad.status, bad.body.error.details.code]).toEqual([400, 'VALIDATION_ERROR']);
    expect(bad.body.error.message).toMatch(/"size" is a select: give its options/);
    // Nothing was half-saved.
    const after = await asAdmin(app, 'get', '/invitations/settings');
    expect(after.body.data.fields.invitation).toEqual([COMPANY_SIZE, TIER]);
  });
});

describe('invitation fields', () => {
  beforeAll(() => saveFields({ invitation: [COMPANY_SIZE, TIER], application: [] }));

  it('are checked on invite: unknown keys, wrong types and missing required fields are a 400 naming the field', async () => {
    const before = await app.strapi.db.query('plugin::invitations.invitation').count();
    const cases: [Record<string, unknown> | undefined, string, string][] = [
      [undefined, 'customFields.companySize', 'Company size is required'],
      [{ companySize: 'many' }, 'customFields.companySize', 'Company size must be a number such as 250'],
      [{ companySize: 5, tier: 'Platinum' }, 'customFields.tier', 'Partner tier must be one of Gold, Silver'],
      [
        { companySize: 5, region: 'EU' },
        'customFields.region',
        '"region" is not a field of this portal: the fields are companySize, tier',
      ],
    ];
    for (const [customFields, path, message] of cases) {
      const res = await invite({ emails: 'fields@example.com', customFields });
      expect([res.status, res.body.error?.details?.code]).toEqual([400, 'VALIDATION_ERROR']);
      expect(res.body.error.details.errors).toContainEqual({ path, message });
      expect(res.body.error.message).toContain(message);
    }
    expect(await app.strapi.db.query('plugin::invitations.invitation').count()).toBe(before);
  });

  it('are stored in their type, shown in the details, and a later definition breaks no stored invitation', async () => {
    const res = await invite({ emails: 'sized@example.com', customFields: { companySize: '40', tier: 'gold' } });
    expect(res.status).toBe(201);
    const { documentId } = res.body.results[0].invitation;
    const details = await asAdmin(app, 'get', `/invitations/invitations/${documentId}`);
    expect(details.body.data.customFields).toEqual({ companySize: 40, tier: 'Gold' });
    // The audit log (and so its CSV export) keeps the values the invitation was created with.
    const audit = await asAdmin(
      app,
      'get',
      `/invitations/audit-events?invitation=${documentId}&action=invitation.created`
    );
    expect(audit.body.results[0].data.customFields).toEqual({ companySize: 40, tier: 'Gold' });

    // A new required field: the stored invitation still reads, and "send new invitation" still works.
    await saveFields({
      invitation: [COMPANY_SIZE, TIER, { ...TERMS, key: 'nda', label: 'NDA signed' }],
      application: [],
    });
    await app.strapi.db
      .query('plugin::invitations.invitation')
      .update({ where: { documentId }, data: { expiresAt: new Date(Date.now() - 60_000) } });
    const renewed = await asAdmin(app, 'post', `/invitations/invitations/${documentId}/reissue`);
    expect(renewed.status).toBe(201);
    expect(renewed.body.data.customFields).toEqual({ companySize: 40, tier: 'Gold' });
    await saveFields({ invitation: [COMPANY_SIZE, TIER], application: [] });
  });

  it('fill {fields.key} in the mails', async () => {
    const templates = {
      subject: 'Join {organization}: {fields.companySize} seats',
      text: 'Tier {fields.tier}. {link}',
      html: '<p>Tier <b>{fields.tier}</b>: <a href="{link}">accept</a></p>',
    };
    expect((await asAdmin(app, 'put', '/invitations/settings').send({ templates })).status).toBe(200);
    await invite({ emails: 'mailed@example.com', customFields: { companySize: 12, tier: 'Silver' } });
    const mail = await waitFor(
      () => app.mail.mails.find((m) => m.to.includes('mailed@example.com')),
      'the mail to mailed@example.com'
    );
    expect(mail.subject).toMatch(/: 12 seats$/);
    expect(mail.text).toMatch(/^Tier Silver\./);
    expect(mail.html).toContain('Tier <b>Silver</b>');

    // A template naming a field the portal does not define is refused on save.
    const bad = await asAdmin(app, 'put', '/invitations/settings').send({
      templates: { ...templates, subject: '{fields.seats}' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/unknown placeholder \{fields\.seats\}/);
    // Removing a field the saved templates still use is refused too, rather than mailing "{fields.tier}".
    const orphaned = await asAdmin(app, 'put', '/invitations/settings').send({
      fields: { invitation: [COMPANY_SIZE], application: [] },
    });
    expect(orphaned.status).toBe(400);
    expect(orphaned.body.error.message).toMatch(/unknown placeholder \{fields\.tier\}/);
    const reset = await asAdmin(app, 'get', '/invitations/settings');
    await asAdmin(app, 'put', '/invitations/settings').send({ templates: reset.body.defaults.templates });
  });

  it('are CSV columns, named by key or label, with each problem on its line', async () => {
    const sample = await asAdmin(app, 'get', '/invitations/import/sample');
    expect(sample.text.split('\r\n')[0]).toBe(
      'emailAddress,role,firstName,lastName,partnerName,organization,teams,companySize,tier'
    );

    const csv = [
      'Email,Company Size,Partner tier,Notes',
      'one@csv.test,25,gold,first',
      'two@csv.test,,Silver,second',
      'three@csv.test,lots,,third',
      'four@csv.test,7,Bronze,fourth',
    ].join('\n');
    const report = (await upload(csv)).body;
    expect(report.columns.recognized).toEqual(['emailAddress', 'fields.companySize', 'fields.tier']);
    expect(report.columns.ignored).toEqual(['Notes']);
    expect(report.totals).toMatchObject({ rows: 4, valid: 1, invalid: 3 });
    expect(
      report.problems
        .filter((p: { severity: string }) => p.severity === 'error')
        .map((p: { line: number; column: string; code: string; message: string }) => [
          p.line,
          p.column,
          p.code,
          p.message,
        ])
    ).toEqual([
      [3, 'fields.companySize', 'invalid_fields', 'Line 3: Company size is required.'],
      [4, 'fields.companySize', 'invalid_fields', 'Line 4: Company size must be a number such as 250.'],
      [5, 'fields.tier', 'invalid_fields', 'Line 5: Partner tier must be one of Gold, Silver.'],
    ]);

    // Mapped by hand; the commit stores the values in their type.
    const mapped = await upload('Mail,Seats\nmapped@csv.test,300\n', {
      dryRun: false,
      mapping: { emailAddress: 'Mail', 'fields.companySize': 'Seats' },
    });
    expect(mapped.body.totals).toMatchObject({ created: 1, invalid: 0 });
    const stored = await app.strapi.db
      .query('plugin::invitations.invitation')
      .findOne({ where: { email: 'mapped@csv.test' } });
    expect(stored.customFields).toEqual({ companySize: 300 });

    const unknown = await upload('Mail,Seats\nx@csv.test,3\n', {
      mapping: { emailAddress: 'Mail', 'fields.seats': 'Seats' },
    });
    expect([unknown.status, unknown.body.error.details.code]).toEqual([400, 'CSV_MAPPING_INVALID']);
    expect(unknown.body.error.message).toMatch(/"fields\.seats", which is no field of the import/);
  });
});

describe('a role per address', () => {
  beforeAll(() => saveFields({ invitation: [], application: [] }));

  it('gives each address its own role and teams, the others the request’s', async () => {
    const org = await createOrganization(app, { name: 'Roles Inc', slug: 'roles-inc' });
    const team = (
      await asAdmin(app, 'post', `/invitations/organizations/${org.documentId}/teams`).send({ name: 'Ops' })
    ).body.data;
    const res = await invite({
      emails: [{ email: 'lead@roles.test', role: 'admin', teams: ['ops'] }, 'member@roles.test, second@roles.test'],
      role: 'viewer',
      organization: org.documentId,
    });
    expect(res.status).toBe(201);
    expect(
      res.body.results.map((r: { email: string; invitation: { role: string; teams: { documentId: string }[] } }) => [
        r.email,
        r.invitation.role,
        r.invitation.teams.map((t) => t.documentId),
      ])
    ).toEqual([
      ['lead@roles.test', 'admin', [team.documentId]],
      ['member@roles.test', 'viewer', []],
      ['second@roles.test', 'viewer', []],
    ]);

    const unknownRole = await invite({ emails: [{ email: 'x@roles.test', role: 'owner' }, 'y@roles.test'] });
    expect([unknownRole.status, unknownRole.body.error.details.code]).toEqual([400, 'UNKNOWN_ROLE']);
  });
});

describe('the portal side (an organization admin inviting through the Content API)', () => {
  beforeAll(() => saveFields({ invitation: [COMPANY_SIZE], application: [] }));

  it('checks the same fields and takes a role per address, never above the inviter’s own', async () => {
    const org = await createOrganization(app, { name: 'Portal Side', slug: 'portal-side' });
    const { token } = await inviteOne(app, 'boss@portal-side.test', {
      organization: org.documentId,
      role: 'user',
      customFields: { companySize: 1 },
    });
    const boss = await acceptInvitation(app, token, { password: 'boss-pass-123' });
    expect(boss.status).toBe(201);
    // `user` may not invite by default: give the role the capability for this test through config.
    app.strapi.config.set('plugin::invitations.capabilities', {
      admin: ['invite', 'revoke', 'import', 'members.read', 'members.manage', 'joinLinks.manage'],
      user: ['invite', 'members.read'],
      viewer: [],
    });
    const portalInvite = (body: Record<string, unknown>) =>
      app.http
        .post('/api/invitations/organizations/portal-side/invitations')
        .set('Authorization', `Bearer ${boss.body.jwt}`)
        .send(body);
    try {
      const missing = await portalInvite({ emails: 'a@portal-side.test' });
      expect([missing.status, missing.body.error.details.errors]).toEqual([
        400,
        [{ path: 'customFields.companySize', message: 'Company size is required' }],
      ]);
      const aboveOwn = await portalInvite({
        emails: [{ email: 'a@portal-side.test', role: 'admin' }],
        customFields: { companySize: 3 },
      });
      expect([aboveOwn.status, aboveOwn.body.error.details.code]).toEqual([403, 'FORBIDDEN']);
      const invited = await portalInvite({
        emails: [{ email: 'a@portal-side.test', role: 'viewer' }, 'b@portal-side.test'],
        customFields: { companySize: 3 },
      });
      expect(invited.status).toBe(201);
      expect(
        invited.body.data.map((r: { email: string; invitation: { role: string; customFields: unknown } }) => [
          r.email,
          r.invitation.role,
          r.invitation.customFields,
        ])
      ).toEqual([
        ['a@portal-side.test', 'viewer', { companySize: 3 }],
        ['b@portal-side.test', 'user', { companySize: 3 }],
      ]);
    } finally {
      app.strapi.config.set('plugin::invitations.capabilities', null);
    }
  });
});

describe('the application on accept', () => {
  beforeAll(() => saveFields({ invitation: [], application: [WHY, TERMS] }));

  it('is asked by the preview, required on accept, kept on the membership, shown in approvals, audited and sent', async () => {
    const org = await createOrganization(app, { name: 'Gatekeepers', slug: 'gatekeepers', onboarding: 'approval' });
    const { id, token } = await inviteOne(app, 'applicant@gate.test', { organization: org.documentId });
    const preview = await previewInvitation(app, token);
    expect(preview.body.data.applicationFields).toEqual([WHY, TERMS]);

    const incomplete = await acceptInvitation(app, token, {
      password: 'applicant-pass-1',
      application: { terms: 'no' },
    });
    expect([incomplete.status, incomplete.body.error.details.code]).toEqual([400, 'VALIDATION_ERROR']);
    expect(incomplete.body.error.details.errors).toEqual([
      { path: 'application.why', message: 'Why do you want to partner is required' },
      { path: 'application.terms', message: 'I accept the partner terms must be ticked' },
    ]);
    // Refused before anything was written: the invitation is still pending and usable.
    expect((await previewInvitation(app, token)).status).toBe(200);

    const application = { why: 'We resell in the Nordics', terms: true };
    const accepted = await acceptInvitation(app, token, { password: 'applicant-pass-1', application });
    expect(accepted.status).toBe(201);
    expect(accepted.body.membership.status).toBe('pending');

    const approvals = await asAdmin(app, 'get', `/invitations/organizations/${org.documentId}/approvals`);
    expect(approvals.body.results.map((m: { application: unknown }) => m.application)).toEqual([application]);
    const audit = await asAdmin(app, 'get', `/invitations/audit-events?invitation=${id}&action=invitation.accepted`);
    expect(audit.body.results[0].data.application).toEqual(application);
    const hook = await waitFor(
      () =>
        receiver.hooks.find(
          (h) =>
            h.event === 'invitation.accepted' &&
            (h.body as { invitation?: { email?: string } }).invitation?.email === 'applicant@gate.test'
        ),
      'the invitation.accepted webhook'
    );
    expect((hook.body as { application?: unknown }).application).toEqual(application);
  });

  it('is not asked of a portal-wide invitation, which makes no membership', async () => {
    const { token } = await inviteOne(app, 'portalwide@gate.test');
    expect((await previewInvitation(app, token)).body.data.applicationFields).toEqual([]);
    expect((await acceptInvitation(app, token, { password: 'portal-pass-12' })).status).toBe(201);
  });

  it('is asked by a partner-program join link, beside the company name', async () => {
    const program = (await asAdmin(app, 'post', '/invitations/join-links').send({ label: 'Fields drive' })).body.data;
    const token = tokenOf(program.url);
    const shown = await app.http.post('/api/invitations/join-links/preview').send({ token });
    expect(shown.body.data).toMatchObject({ asks: ['partnerName'], applicationFields: [WHY, TERMS] });
    const user = await registerUser(app, 'joiner@fields.test');
    const join = (application: Record<string, unknown>) =>
      app.http
        .post('/api/invitations/join-links/join')
        .set('Authorization', `Bearer ${user.jwt}`)
        .send({ token, application });
    const refused = await join({ partnerName: 'Fjord AS', why: 'Resale' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.errors).toEqual([
      { path: 'application.terms', message: 'I accept the partner terms is required' },
    ]);
    const joined = await join({ partnerName: 'Fjord AS', why: 'Resale', terms: 'yes' });
    expect(joined.status).toBe(201);
    const membership = await app.strapi.db
      .query('plugin::invitations.membership')
      .findOne({ where: { user: { id: user.id } } });
    expect(membership.application).toEqual({ partnerName: 'Fjord AS', why: 'Resale', terms: true });
    // The partner organization it created keeps the application too.
    const partner = await asAdmin(app, 'get', `/invitations/organizations/${joined.body.data.organization.documentId}`);
    expect(partner.body.data.application).toEqual({ partnerName: 'Fjord AS', why: 'Resale', terms: true });
  });

  it('is kept on the partner organization a partner invitation creates, the first contact’s', async () => {
    const application = { why: 'Nordic resale', terms: true };
    const first = await inviteOne(app, 'first@skagen.test', { partnerName: 'Skagen Partners' });
    const second = await inviteOne(app, 'second@skagen.test', { partnerName: 'Skagen Partners' });
    const accepted = await acceptInvitation(app, first.token, { password: 'skagen-pass-1', application });
    expect(accepted.status).toBe(201);
    const other = { why: 'Also us', terms: true };
    expect((await acceptInvitation(app, second.token, { password: 'skagen-pass-2', application: other })).status).toBe(
      201
    );
    const partner = await asAdmin(app, 'get', `/invitations/organizations/${accepted.body.organization.documentId}`);
    expect([partner.body.data.isPartner, partner.body.data.application]).toEqual([true, application]);
  });
});
