import * as yup from 'yup';
import {
  DEFAULT_REVOKE_REASONS,
  DEFAULT_ROLES,
  editableSettingsSchema,
  type EditableSettings,
  type PluginConfig,
} from '../../config';
import { PLUGIN_ID } from '../../utils/constants';
import { badRequest } from '../../utils/errors';
import type { Actor, StrapiContext } from '../../utils/types';
import { getService } from '../../utils/get-service';

export type Settings = EditableSettings;

const store = (strapi: StrapiContext['strapi']) => strapi.store({ type: 'plugin', name: PLUGIN_ID, key: 'settings' });

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
    };
  },

  /** Effective settings: config defaults, overridden by what admins saved in Settings → Invitations. */
  async get(): Promise<Settings> {
    const saved = ((await store(strapi).get()) ?? {}) as Partial<Settings>;
    const defaults = this.defaults();
    return {
      ...defaults,
      ...saved,
      templates: { ...defaults.templates, ...(saved.templates ?? {}) },
    };
  },

  /** Refuses a role that is not configured; the one UNKNOWN_ROLE message for invites, organizations and members. */
  async assertRole(role: string): Promise<void> {
    const { roles } = await this.get();
    if (!roles.includes(role)) {
      throw badRequest(
        'UNKNOWN_ROLE',
        `"${role}" is not a role of this portal: use one of ${roles.join(', ')} (Settings → Invitations lists them).`,
        { role, roles }
      );
    }
  },

  async update(input: unknown, actor: Actor): Promise<Settings> {
    const current = await this.get();
    let next: Settings;
    try {
      next = await editableSettingsSchema.validate(
        { ...current, ...(input as object), templates: { ...current.templates, ...((input as Partial<Settings>)?.templates ?? {}) } },
        { abortEarly: false, stripUnknown: true }
      );
    } catch (error) {
      if (error instanceof yup.ValidationError) {
        throw badRequest('VALIDATION_ERROR', `Settings not saved: ${error.errors.join('; ')}.`, {
          errors: error.inner.map((e) => ({ path: e.path, message: e.message })),
        });
      }
      throw error;
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
