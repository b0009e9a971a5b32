import type { Knex } from 'knex';
import { AUDIT_ACTIONS, type FormOptions, type MessagePreview, type Settings } from '../../../../shared/contracts';
import { DEFAULT_REVOKE_REASONS, DEFAULT_ROLES, type PluginConfig } from '../../config';
import { PLUGIN_ID, expiryAfter } from '../../utils/constants';
import { tableOf } from '../../utils/db';
import { badRequest } from '../../utils/errors';
import { getService } from '../../utils/get-service';
import { preparedRead, type PreparedRead } from '../../utils/prepared-read';
import type { Actor, AdminUser, StrapiContext } from '../../utils/types';
import { settingsSchema } from '../../validation/settings';
import { validate } from '../../validation/validate';
import { checkRole } from '../admission/rules';
import { renderMessage, templateVariables } from '../email-delivery/render';
import { portalLinkOf } from '../token';
import { mergeSettings, type SettingsPatch } from './merge';

export type { Settings };

const store = (strapi: StrapiContext['strapi']) => strapi.store({ type: 'plugin', name: PLUGIN_ID, key: 'settings' });

/** The core store's key of the saved settings, as `strapi.store()` names it: `<type>_<name>_<key>`. */
const STORE_KEY = `plugin_${PLUGIN_ID}_settings`;

/** Freezes a parsed value all the way down: the saved settings are shared by every request that reads them. */
const deepFreeze = <T>(value: T): T => {
  if (value && typeof value === 'object') Object.values(value).forEach(deepFreeze);
  return Object.freeze(value);
};

interface SavedRow {
  id: number;
  key: string;
  value: unknown;
  type: unknown;
  environment: unknown;
  tag: unknown;
}

/** Per Strapi instance (tests boot several in one process): its reads, the row's id, the last text parsed. */
interface SavedReads {
  byKey: PreparedRead<SavedRow>;
  byId: PreparedRead<SavedRow>;
  lastId: PreparedRead<{ lastId: number | string | null }>;
  id: number | null;
  /** When no row was found: the store's largest id at that search. Any row saved since has a larger one. */
  absentUpTo: number | null;
  last: { text: string; patch: SettingsPatch } | null;
}
const savedReads = new WeakMap<StrapiContext['strapi'], SavedReads>();

const readsOf = (strapi: StrapiContext['strapi']): SavedReads => {
  let reads = savedReads.get(strapi);
  if (!reads) {
    // Compiled at the first read, once Strapi has loaded the core store's model.
    const column = (attribute: string) => tableOf(strapi, 'strapi::core-store').column(attribute);
    const select = (table: (name: string) => Knex.QueryBuilder) =>
      table(tableOf(strapi, 'strapi::core-store').name).select({
        id: 'id',
        key: column('key'),
        value: column('value'),
        type: column('type'),
        environment: column('environment'),
        tag: column('tag'),
      });
    reads = {
      byKey: preparedRead<SavedRow>(strapi, 'settings', (table) =>
        select(table).where(column('key'), STORE_KEY).whereNull(column('environment')).whereNull(column('tag')).limit(1)
      ),
      byId: preparedRead<SavedRow>(strapi, 'settings-by-id', (table, argument) =>
        select(table).where('id', argument(0))
      ),
      lastId: preparedRead(strapi, 'settings-last-id', (table) =>
        table(tableOf(strapi, 'strapi::core-store').name).max({ lastId: 'id' })
      ),
      id: null,
      absentUpTo: null,
      last: null,
    };
    savedReads.set(strapi, reads);
  }
  return reads;
};

/** The settings row `strapi.store().get()` would read: this key, no environment, no tag. */
const isSettingsRow = (row: SavedRow | undefined): row is SavedRow =>
  row !== undefined && row.key === STORE_KEY && row.environment == null && row.tag == null;

/**
 * What admins saved in Settings → Invitations: the core store's row, read as `strapi.store().get()`
 * reads it, but prepared. Every preview and accept reads the settings, and through the query engine
 * that took 100-120 µs of a preview's budget of about 150 µs. Read on every call, never cached, so that
 * what another instance saved counts at once; only the parse is kept while the stored text is the same.
 * The row is read by its id once its id is known: the core store has no index on its key, and the
 * scan of its rows (36 in the playground) took 30 µs under load. A row gone or replaced (another id)
 * is looked up by its key again.
 */
const savedSettings = async (strapi: StrapiContext['strapi']): Promise<SettingsPatch> => {
  const reads = readsOf(strapi);
  let [row] = reads.id === null ? [] : await reads.byId.rows(reads.id);
  if (!isSettingsRow(row)) {
    // No settings saved yet (a portal that keeps the defaults): rather than search the store's rows on
    // every call (a scan past every row's value: 60-70 µs of each preview and accept under load), the
    // store's largest id tells whether any row was written since the last search. Its ids are never
    // reused (an auto-increment key), so settings saved by any instance since then show as a larger id.
    const [{ lastId }] = await reads.lastId.rows();
    const upTo = Number(lastId ?? 0);
    if (reads.id === null && reads.absentUpTo === upTo) return {};
    [row] = await reads.byKey.rows();
    reads.id = row ? Number(row.id) : null;
    reads.absentUpTo = row ? null : upTo;
  }
  // The store writes an object with type "object"; nothing else is settings this plugin saved.
  if (!row || row.type !== 'object' || typeof row.value !== 'string') return {};
  if (reads.last?.text !== row.value) {
    reads.last = { text: row.value, patch: deepFreeze(JSON.parse(row.value) as SettingsPatch) };
  }
  return reads.last.patch;
};

const settingsService = ({ strapi }: StrapiContext) => ({
  /** The plugin's config from config/plugins, merged over the defaults by Strapi. */
  config(): PluginConfig {
    return strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig;
  },

  /** What the config says, without the admin's overrides (the settings page's "reset"). */
  defaults(): Settings {
    const config = this.config();
    return {
      acceptUrl: config.acceptUrl,
      portalName: config.portalName,
      expiresInHours: config.expiresInHours,
      roles: config.roles ?? DEFAULT_ROLES,
      defaultRole: config.defaultRole,
      revokeReasons: config.revokeReasons ?? DEFAULT_REVOKE_REASONS,
      templates: config.templates,
      importLimits: { maxBytes: config.import.maxBytes, maxRows: config.import.maxRows },
      fields: { invitation: config.fields.invitation ?? [], application: config.fields.application ?? [] },
    };
  },

  /**
   * Origins `acceptUrl` may point to: the configured list, else the configured acceptUrl's own. An admin
   * with only `settings` must not be able to send the next mails' live tokens to a host of their own.
   */
  allowedAcceptOrigins(): string[] {
    const config = this.config();
    return (config.allowedAcceptOrigins ?? [config.acceptUrl]).map((url) => new URL(url).origin);
  },

  /** Whether `acceptUrl` lies within the allowed origins. */
  isAllowedAcceptUrl(acceptUrl: string): boolean {
    try {
      return this.allowedAcceptOrigins().includes(new URL(acceptUrl).origin);
    } catch {
      return false;
    }
  },

  /**
   * Effective settings: config defaults, overridden by what admins saved in Settings → Invitations.
   * A saved acceptUrl whose origin the config no longer allows gives way to the configured one.
   */
  async get(): Promise<Settings> {
    const settings = mergeSettings(this.defaults(), await savedSettings(strapi));
    return this.isAllowedAcceptUrl(settings.acceptUrl) ? settings : { ...settings, acceptUrl: this.config().acceptUrl };
  },

  /** Refuses a role that is not configured; the one UNKNOWN_ROLE message for invites, organizations and members. */
  async assertRole(role: string): Promise<void> {
    const { roles } = await this.get();
    const refused = checkRole(role, roles);
    if (refused) throw badRequest('UNKNOWN_ROLE', refused.message, { role, roles });
  },

  /**
   * What the admin panel's forms need, for any admin who may read invitations: the settings
   * themselves are guarded by the `settings` action, but inviting needs the roles and revoking the reasons.
   */
  async formOptions(): Promise<FormOptions> {
    const settings = await this.get();
    // Organizations are not listed here: the pickers search them (GET /organization-choices).
    return {
      roles: settings.roles,
      defaultRole: settings.defaultRole,
      revokeReasons: settings.revokeReasons,
      expiresInHours: settings.expiresInHours,
      importLimits: settings.importLimits,
      auditActions: [...AUDIT_ACTIONS],
      fields: settings.fields,
    };
  },

  /**
   * Renders a mail exactly as the worker would, with sample values: from the saved settings, or
   * from the settings page's unsaved draft (templates, portal name, accept URL).
   */
  async preview(
    draft: Pick<SettingsPatch, 'templates' | 'portalName' | 'acceptUrl'>,
    inviter: AdminUser
  ): Promise<MessagePreview> {
    const settings = mergeSettings(await this.get(), draft);
    return renderMessage(
      settings.templates,
      templateVariables({
        organizationName: 'Acme Partners',
        partnerName: null,
        portalName: settings.portalName,
        inviter,
        fallbackContact: null,
        role: settings.defaultRole,
        link: portalLinkOf(settings.acceptUrl, 'example-token'),
        expiresAt: expiryAfter(settings.expiresInHours),
        email: 'jane.doe@example.com',
        firstName: 'Jane',
        // Each field shows its label, so the preview tells where each value will go.
        fields: {
          definitions: settings.fields.invitation,
          values: Object.fromEntries(settings.fields.invitation.map((field) => [field.key, `(${field.label})`])),
        },
      })
    );
  },

  async update(input: unknown, actor: Actor): Promise<Settings> {
    const current = await this.get();
    const next: Settings = await validate(settingsSchema, mergeSettings(current, (input ?? {}) as SettingsPatch), {
      prefix: 'Settings not saved',
    });
    if (!this.isAllowedAcceptUrl(next.acceptUrl)) {
      const origins = this.allowedAcceptOrigins();
      throw badRequest(
        'ACCEPT_URL_NOT_ALLOWED',
        `Settings not saved: acceptUrl must be on ${origins.join(' or ')}. To use another host, add its origin to allowedAcceptOrigins in config/plugins (invitations).`,
        { errors: [{ path: 'acceptUrl', message: `must be on ${origins.join(' or ')}` }], allowedOrigins: origins }
      );
    }
    const changed = (Object.keys(next) as (keyof Settings)[]).filter(
      (key) => JSON.stringify(next[key]) !== JSON.stringify(current[key])
    );
    await strapi.db.transaction(async () => {
      await store(strapi).set({ value: next });
      await getService('audit', strapi).record({ action: 'settings.updated', actor, data: { changed } });
    });
    return next;
  },
});

export default settingsService;
export type SettingsService = ReturnType<typeof settingsService>;
