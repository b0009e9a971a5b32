/** Unit test of the settings merge: config defaults, saved settings and a request, layered. */
import { DEFAULT_TEMPLATES } from '../../server/src/config';
import { mergeSettings } from '../../server/src/services/settings/merge';

const base = {
  acceptUrl: 'https://portal.test/accept',
  portalName: 'Portal',
  expiresInHours: 168,
  roles: ['admin', 'user'],
  defaultRole: 'user',
  revokeReasons: ['other'],
  templates: DEFAULT_TEMPLATES,
  importLimits: { maxBytes: 1000, maxRows: 10 },
  fields: {
    invitation: [{ key: 'region', label: 'Region', type: 'text' as const, required: false }],
    application: [],
  },
};

describe('settings merge', () => {
  it('lays a patch over the base, group by group, keeping what the patch leaves out', () => {
    const merged = mergeSettings(base, {
      portalName: 'Partner Hub',
      templates: { subject: 'Welcome to {organization}' },
      importLimits: { maxRows: 5 },
    });
    expect(merged.portalName).toBe('Partner Hub');
    expect(merged.templates).toEqual({ ...DEFAULT_TEMPLATES, subject: 'Welcome to {organization}' });
    expect(merged.importLimits).toEqual({ maxBytes: 1000, maxRows: 5 });
    expect(merged.roles).toBe(base.roles);
  });

  it('treats undefined and null groups as absent, never as erasing the base', () => {
    const merged = mergeSettings(base, { portalName: undefined, templates: null, importLimits: undefined });
    expect(merged).toEqual(base);
  });

  it('replaces lists whole rather than index by index', () => {
    expect(mergeSettings(base, { roles: ['owner'] }).roles).toEqual(['owner']);
  });

  it('replaces one list of fields whole and keeps the other', () => {
    const application = [{ key: 'why', label: 'Why', type: 'text' as const, required: true }];
    const merged = mergeSettings(base, { fields: { application } });
    expect(merged.fields).toEqual({ invitation: base.fields.invitation, application });
    expect(mergeSettings(base, { fields: { invitation: [] } }).fields.invitation).toEqual([]);
  });
});
