'use strict';

/**
 * The benchmark's mail server, run as its own process: a real SMTP server on 127.0.0.1 that reads
 * each message to its end and throws it away. Prints its port, then answers "count" on stdin with how
 * many messages it has received.
 */
const { SMTPServer } = require('smtp-server');

let received = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  // No reverse DNS per connection: on a closed network each lookup waits for its timeout.
  disableReverseLookup: true,
  maxClients: 1000,
  onData(stream, _session, callback) {
    stream.on('data', () => undefined);
    stream.on('end', () => {
      received += 1;
      callback();
    });
  },
});
// Replies go out at once: with Nagle's algorithm each reply waits for the client's delayed ACK (about
// 40 ms on loopback), which capped any client at about 20 mails a second per connection.
server.server.on('connection', (socket) => socket.setNoDelay(true));
server.listen(0, '127.0.0.1', () =>
  process.stdout.write(`${JSON.stringify({ port: server.server.address().port })}\n`)
);
process.stdin.on('data', () => process.stdout.write(`${JSON.stringify({ received })}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
