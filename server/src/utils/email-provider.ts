import { createRequire } from 'node:module';
import path from 'node:path';
import type { Core } from '@strapi/strapi';

/**
 * Why invitation mails could never be sent, found before the email plugin tries: the provider that
 * config/plugins names is not installed in the app. Strapi then stops with "provider.init is not a
 * function", which names neither the provider nor the fix. Resolved as the email plugin resolves it
 * (`@strapi/provider-email-<name>`, else `<name>`), from the app. Null when it loads.
 */
export const missingEmailProvider = (strapi: Core.Strapi): string | null => {
  const name = String(strapi.config.get('plugin::email.provider') ?? 'sendmail').toLowerCase();
  const fromApp = createRequire(path.join(strapi.dirs.app.root, 'package.json'));
  const load = (id: string): { init?: unknown } | null => {
    try {
      return fromApp(id) as { init?: unknown };
    } catch {
      return null;
    }
  };
  const provider = load(`@strapi/provider-email-${name}`) ?? load(name);
  if (provider && typeof provider.init === 'function') return null;
  const version = strapi.config.get<string>('info.strapi') ?? 'your Strapi version';
  return (
    `[invitations] Invitation mails cannot be sent: the email provider "${name}" that config/plugins names ` +
    `(email.config.provider) is not installed in this app. Install it, e.g. ` +
    `\`npm install @strapi/provider-email-${name}@${version}\`, or name one that is.`
  );
};
