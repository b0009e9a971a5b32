'use strict';

/**
 * A local SMTP server that keeps every mail it receives. The playground prints each mail's recipient,
 * subject and accept link and serves them at http://127.0.0.1:1080; the tests use the same server to
 * read what Strapi's email plugin really delivered.
 */
const { SMTPServer } = require('smtp-server');
const { simpleParser } = require('mailparser');

const LINK_PATTERN = /https?:\/\/[^\s"'<>]+[?&#]token=[A-Za-z0-9_-]+/;

/**
 * @typedef {{ to: string[], from: string, subject: string, text: string, html: string, link: string | null, receivedAt: Date }} CaughtMail
 * @param {{ port?: number, host?: string, onMail?: (mail: CaughtMail) => void }} [options]
 * @returns {Promise<{ port: number, mails: CaughtMail[], close: () => Promise<void> }>}
 */
async function startMailCatcher({ port = 0, host = '127.0.0.1', onMail } = {}) {
  const mails = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // No reverse DNS lookup per connection: on a closed network each one waits for its timeout.
    disableReverseLookup: true,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const text = parsed.text || '';
          const mail = {
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            subject: parsed.subject || '',
            text,
            html: typeof parsed.html === 'string' ? parsed.html : '',
            link: (text.match(LINK_PATTERN) || [null])[0],
            receivedAt: new Date(),
          };
          mails.push(mail);
          if (onMail) onMail(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(undefined));
  });
  return {
    port: server.server.address().port,
    mails,
    close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
}

module.exports = { startMailCatcher, LINK_PATTERN };
