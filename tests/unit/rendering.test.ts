/** Unit tests of mail rendering and the settings schema's template rules. */
import { DEFAULT_TEMPLATES, editableSettingsSchema, emailTemplatesSchema } from '../../server/src/config';
import type { FieldDefinition } from '../../shared/contracts';
import { renderMessage, templateVariables } from '../../server/src/services/email-delivery/render';
import { portalLinkOf, tokenOfLink } from '../../server/src/services/token';

const variables = (overrides: Partial<Parameters<typeof templateVariables>[0]> = {}) =>
  templateVariables({
    organizationName: 'Acme <Partners>',
    partnerName: null,
    portalName: 'Portal',
    inviter: { firstname: 'Sam', lastname: 'Super', email: 'sam@portal.test' },
    fallbackContact: 'help@portal.test',
    role: 'admin',
    link: 'https://portal.test/accept?token=abc',
    expiresAt: new Date('2026-06-01T12:00:00Z'),
    email: 'jane@acme.test',
    firstName: null,
    fields: { definitions: [], values: null },
    ...overrides,
  });

describe('mail rendering', () => {
  it('fills placeholders, escaping HTML and keeping the subject on one line', () => {
    const message = renderMessage(
      { subject: 'Join {organization} on {portal}', text: 'Hi {firstName}: {link}', html: '<b>{organization}</b>' },
      variables()
    );
    expect(message.subject).toBe('Join Acme <Partners> on Portal');
    expect(message.text).toBe('Hi there: https://portal.test/accept?token=abc');
    expect(message.html).toBe('<b>Acme &lt;Partners&gt;</b>');
  });
  it('keeps a subject to one line even when a value holds a line break', () => {
    expect(
      renderMessage({ subject: '{organization}', text: '', html: '' }, variables({ organizationName: 'A\r\nB' }))
        .subject
    ).toBe('A B');
  });
  it('uses the fallbacks: partner name, the portal team, the fallback contact', () => {
    const vars = variables({ organizationName: null, partnerName: 'Bees Co', inviter: null });
    expect(vars).toMatchObject({
      organization: 'Bees Co',
      inviter: 'The Portal team',
      inviterEmail: 'help@portal.test',
      firstName: 'there',
    });
    expect(vars.expiresAt).toBe('Monday, 1 June 2026 at 12:00 UTC');
  });
  it('leaves unknown placeholders as written and never reads Object.prototype', () => {
    const message = renderMessage({ subject: '{constructor} {toString} {nope}', text: '', html: '' }, variables());
    expect(message.subject).toBe('{constructor} {toString} {nope}');
  });
  it('refuses unknown placeholders when templates are saved, naming them', async () => {
    await expect(emailTemplatesSchema.validate(DEFAULT_TEMPLATES)).resolves.toBeTruthy();
    await expect(
      emailTemplatesSchema.validate({ ...DEFAULT_TEMPLATES, subject: 'Hi {frstName} {constructor}' })
    ).rejects.toThrow(/templates.subject uses unknown placeholders \{frstName\}, \{constructor\}/);
  });
  it('fills {fields.key} with the invitation field, empty when it has none, never from Object.prototype', () => {
    const definitions: FieldDefinition[] = [
      { key: 'companySize', label: 'Company size', type: 'number', required: false },
      { key: 'terms', label: 'Terms', type: 'checkbox', required: false },
      { key: 'region', label: 'Region', type: 'text', required: false },
    ];
    const message = renderMessage(
      {
        subject: 'Size {fields.companySize}',
        text: 'terms={fields.terms} region=[{fields.region}] {fields.constructor} {fields}',
        html: '<i>{fields.region}</i>',
      },
      variables({ fields: { definitions, values: { companySize: 250, terms: true, region: undefined } } })
    );
    expect(message.subject).toBe('Size 250');
    expect(message.text).toBe('terms=Yes region=[] {fields.constructor} {fields}');
    expect(
      renderMessage(
        { subject: '', text: '', html: '<i>{fields.region}</i>' },
        variables({ fields: { definitions, values: { region: '<b>EU</b>' } } })
      ).html
    ).toBe('<i>&lt;b&gt;EU&lt;/b&gt;</i>');
  });
  it('refuses, on save, a {fields.key} placeholder of no invitation field', async () => {
    const settings = {
      acceptUrl: 'https://portal.test/accept',
      portalName: 'Portal',
      expiresInHours: 48,
      roles: ['user'],
      defaultRole: 'user',
      revokeReasons: ['other'],
      importLimits: { maxBytes: 2048, maxRows: 10 },
      fields: { invitation: [{ key: 'region', label: 'Region', type: 'text', required: false }], application: [] },
    };
    await expect(
      editableSettingsSchema.validate({ ...settings, templates: { ...DEFAULT_TEMPLATES, subject: '{fields.region}' } })
    ).resolves.toBeTruthy();
    await expect(
      editableSettingsSchema.validate({ ...settings, templates: { ...DEFAULT_TEMPLATES, subject: '{fields.size}' } })
    ).rejects.toThrow(/templates.subject uses unknown placeholder \{fields.size\}: use .*\{fields.region\}/);
  });
  it("builds the accept link, keeping the portal page's own query", () => {
    expect(portalLinkOf('https://portal.test/accept', 'tok')).toBe('https://portal.test/accept?token=tok');
    expect(portalLinkOf('https://portal.test/accept?lang=fr', 'tok')).toBe(
      'https://portal.test/accept?lang=fr&token=tok'
    );
  });
  it('puts the token in the fragment when the accept URL ends in #, and reads it back from either place', () => {
    const inFragment = portalLinkOf('https://portal.test/accept#', 'tok');
    expect(inFragment).toBe('https://portal.test/accept#token=tok');
    expect(portalLinkOf('https://portal.test/accept?lang=fr#view=short', 'tok')).toBe(
      'https://portal.test/accept?lang=fr#view=short&token=tok'
    );
    expect(tokenOfLink(inFragment)).toBe('tok');
    expect(tokenOfLink('https://portal.test/accept?token=tok')).toBe('tok');
    expect(tokenOfLink('https://portal.test/accept')).toBeNull();
  });
});
