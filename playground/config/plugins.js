const net = require('net');
const { repositoryDir } = require('../src/paths');

/**
 * Nodemailer's own sockets keep Nagle's algorithm on: the last small write of each mail then waits
 * for the server's delayed ACK (about 40 ms), which held a pooled connection to ~20 mails a second
 * (measured: 48 ms a mail on loopback, 3–4 ms with this). Plain connections only; STARTTLS upgrades
 * the socket given here.
 */
const noDelaySocket = (options, callback) => {
  const socket = net.connect(options.port, options.host);
  socket.setNoDelay(true);
  const failed = (error) => callback(error);
  socket.once('error', failed);
  socket.once('connect', () => {
    // From here on the error is nodemailer's to handle.
    socket.removeListener('error', failed);
    callback(null, { connection: socket });
  });
};

module.exports = ({ env }) => ({
  'users-permissions': {
    // As a new Strapi 5 app: access tokens plus refresh tokens (sessions).
    config: {
      jwtSecret: env('JWT_SECRET', 'playground-users-permissions-jwt-secret'),
      jwtManagement: 'refresh',
      // The portal's password policy; accept-by-registration applies it like /api/auth/local/register.
      validationRules: {
        validatePassword: (password) => !/^(?:password|12345678)$/i.test(password),
      },
    },
  },
  invitations: {
    enabled: true,
    // Absolute path: Strapi loads the plugin's built entry (dist/) from the repository root.
    resolve: repositoryDir,
    config: {
      // The reference portal served by this Strapi (playground/portal). The final `#` puts the token in the
      // link's fragment, which no browser sends to a server: it never reaches a request log.
      acceptUrl: env('INVITATIONS_ACCEPT_URL', 'http://localhost:1337/portal/accept-invitation#'),
      joinUrl: env('INVITATIONS_JOIN_URL', 'http://localhost:1337/portal/join#'),
      portalName: env('INVITATIONS_PORTAL_NAME', 'Partner Portal'),
      // An empty INVITATIONS_TOKEN_SECRET means none (the plugin then refuses to start in production).
      tokenSecret: env('INVITATIONS_TOKEN_SECRET', 'playground-token-secret-change-me-in-production') || null,
      previousTokenSecrets: env.array('INVITATIONS_PREVIOUS_TOKEN_SECRETS', []),
      rateLimit: {
        // Off only for the benchmark, whose load generator is one client.
        enabled: env.bool('INVITATIONS_RATE_LIMIT', true),
        points: env.int('INVITATIONS_RATE_LIMIT_POINTS', 30),
        durationSeconds: env.int('INVITATIONS_RATE_LIMIT_SECONDS', 60),
      },
      delivery: {
        retryBaseMs: env.int('INVITATIONS_RETRY_BASE_MS', 30000),
        pollIntervalMs: env.int('INVITATIONS_POLL_MS', 5000),
        maxAttempts: env.int('INVITATIONS_MAX_ATTEMPTS', 5),
        enabled: env.bool('INVITATIONS_DELIVERY', true),
      },
      import: {
        maxBytes: env.int('INVITATIONS_IMPORT_MAX_BYTES', 20 * 1024 * 1024),
        maxRows: env.int('INVITATIONS_IMPORT_MAX_ROWS', 100000),
        batchSize: env.int('INVITATIONS_IMPORT_BATCH_SIZE', 1000),
      },
      expireInvitations: { enabled: env.bool('INVITATIONS_EXPIRE_CRON', true), rule: '*/5 * * * *' },
      database: { preparedStatements: env.bool('INVITATIONS_PREPARED_STATEMENTS', true) },
    },
  },
  // Swagger UI at /documentation: the plugin registers its Content API description with it.
  documentation: { enabled: true },
  email: {
    config: {
      // EMAIL_PROVIDER: a test names a provider that is not installed, to see the plugin's start-up message.
      provider: env('EMAIL_PROVIDER', 'nodemailer'),
      providerOptions: {
        host: env('SMTP_HOST', '127.0.0.1'),
        port: env.int('SMTP_PORT', 1025),
        secure: false,
        ignoreTLS: true,
        // Pooled connections: one SMTP handshake per connection, not per mail (see the README).
        pool: env.bool('SMTP_POOL', true),
        maxConnections: 5,
        getSocket: noDelaySocket,
        // Fail fast when the server is down: the plugin's queue retries later.
        connectionTimeout: 5000,
        greetingTimeout: 5000,
      },
      settings: {
        defaultFrom: env('EMAIL_FROM', 'Partner Portal <no-reply@portal.test>'),
        defaultReplyTo: env('EMAIL_REPLY_TO', 'support@portal.test'),
      },
    },
  },
});
