import { startApp } from './helpers/app';

/**
 * A new app whose config/plugins names an email provider it never installed: Strapi's email plugin
 * would stop the start with "provider.init is not a function"; the plugin stops it first, saying which
 * provider is missing and how to install it. (A file of its own: a failed start leaves registries
 * behind. That an installed provider passes, every other test's start shows.)
 */
it('names the missing email provider and the command that installs it when Strapi stops', async () => {
  await expect(startApp({ EMAIL_PROVIDER: 'not-installed-provider' })).rejects.toThrow(
    /the email provider "not-installed-provider" that config\/plugins names \(email\.config\.provider\) is not installed in this app\. Install it, e\.g\. `npm install @strapi\/provider-email-not-installed-provider@5\.54\.0`/
  );
});
