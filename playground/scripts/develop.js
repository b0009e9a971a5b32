'use strict';

/**
 * `npm run develop`: the mail catcher (SMTP 127.0.0.1:1025, inbox at http://127.0.0.1:1080) and
 * `strapi develop` of the playground, with the demo admin and organization seeded, serving the
 * reference portal (built before by `npm run build:portal`) at /portal.
 */
const http = require('http');
const path = require('path');
const { spawn } = require('child_process');
const { startMailCatcher } = require('./mail-catcher');

const SMTP_PORT = Number(process.env.SMTP_PORT || 1025);
const INBOX_PORT = Number(process.env.INBOX_PORT || 1080);
const appDir = path.resolve(__dirname, '..');

const escapeHtml = (s) =>
  String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

async function main() {
  const catcher = await startMailCatcher({
    port: SMTP_PORT,
    onMail: (mail) => {
      console.log(
        `\n[mail] to ${mail.to.join(', ')} — "${mail.subject}"\n[mail] accept link: ${mail.link || '(none)'}\n`
      );
    },
  });

  http
    .createServer((req, res) => {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      const rows = catcher.mails
        .slice()
        .reverse()
        .map(
          (m) =>
            `<tr><td>${escapeHtml(m.receivedAt.toISOString())}</td><td>${escapeHtml(m.to.join(', '))}</td><td>${escapeHtml(m.subject)}</td><td>${
              m.link ? `<a href="${escapeHtml(m.link)}">${escapeHtml(m.link)}</a>` : ''
            }</td></tr>`
        )
        .join('');
      res.end(
        `<!doctype html><title>Playground inbox</title><h1>Playground inbox (${catcher.mails.length})</h1>` +
          `<table border="1" cellpadding="6"><tr><th>Received</th><th>To</th><th>Subject</th><th>Accept link</th></tr>${rows}</table>`
      );
    })
    .listen(INBOX_PORT, '127.0.0.1');

  console.log(`[playground] mail catcher: SMTP 127.0.0.1:${SMTP_PORT}, inbox http://127.0.0.1:${INBOX_PORT}`);
  console.log('[playground] admin: http://localhost:1337/admin  (admin@example.com / Admin12345)');
  console.log('[playground] reference portal: http://localhost:1337/portal  (the mails link to its accept page)');

  const strapiBin = path.resolve(appDir, '..', 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js');
  // --no-install-deps: the playground's dependencies live at the repository root, never in playground/.
  const strapi = spawn(process.execPath, [strapiBin, 'develop', '--no-install-deps'], {
    cwd: appDir,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'development', SMTP_PORT: String(SMTP_PORT), HOST: process.env.HOST || '0.0.0.0' },
  });
  const stop = () => strapi.kill('SIGINT');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  strapi.on('exit', async (code) => {
    await catcher.close();
    process.exit(code ?? 0);
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
