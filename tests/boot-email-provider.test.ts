import { startApp } from './helpers/app';

/**
 * A new app whose config/plugins names an email provider it never installed: Strapi's email plugin
 * stops the start with "provider.init is not a function"; the plugin says first which provider is
 * missing and how to install it. (A file of its own: a failed start leaves registries behind. That an installed provider gets no
 * such message, the install test checks in a new app's log.)
 */
/** What Strapi's logger (winston's console transport) writes to the process's stdout while `work` runs. */
const printedDuring = async (work: () => Promise<unknown>): Promise<string> => {
  const printed: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed.push(String(chunk));
    return true;
  });
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return printed.join('');
};

it('names the missing email provider and the command that installs it, before Strapi stops', async () => {
  const printed = await printedDuring(() =>
    expect(startApp({ EMAIL_PROVIDER: 'not-installed-provider' })).rejects.toThrow()
  );
  expect(printed).toMatch(
    /the email provider "not-installed-provider" that config\/plugins names \(email\.config\.provider\) is not installed in this app\. Install it, e\.g\. `npm install @strapi\/provider-email-not-installed-provider@5\.54\.0`/
  );
});
