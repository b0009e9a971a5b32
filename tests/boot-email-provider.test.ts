import { startApp } from './helpers/app';

/**
 * A new app whose config/plugins names an email provider it never installed: Strapi's email plugin
 * stops the start with "provider.init is not a function"; the plugin says first which provider is
 * missing and how to install it. (A file of its own: a failed start leaves registries behind. That an installed provider gets no
 * such message, the install test checks in a new app's log.)
 */
/**
 * What Strapi's logger printed while `work` ran. Winston's console transport writes to the console's
 * own stream, which is stdout, or stderr, or Jest's `console.log`, depending on how Jest runs (CI's
 * `--json` run differs from a terminal): all three are read.
 */
const printedDuring = async (work: () => Promise<unknown>): Promise<string> => {
  const printed: string[] = [];
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed.push(String(chunk));
    return true;
  });
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed.push(String(chunk));
    return true;
  });
  const log = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    printed.push(args.map(String).join(' '));
  });
  try {
    await work();
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    log.mockRestore();
  }
  return printed.join('\n');
};

it('names the missing email provider and the command that installs it, before Strapi stops', async () => {
  const printed = await printedDuring(() =>
    expect(startApp({ EMAIL_PROVIDER: 'not-installed-provider' })).rejects.toThrow()
  );
  expect(printed).toMatch(
    /the email provider "not-installed-provider" that config\/plugins names \(email\.config\.provider\) is not installed in this app\. Install it, e\.g\. `npm install @strapi\/provider-email-not-installed-provider@5\.54\.0`/
  );
});
