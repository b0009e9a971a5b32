const path = require('path');

/** SQLite by default; DATABASE_CLIENT=postgres (with DATABASE_URL and optional DATABASE_SCHEMA) for PostgreSQL. */
module.exports = ({ env }) => {
  const client = env('DATABASE_CLIENT', 'sqlite');
  if (client === 'postgres') {
    return {
      connection: {
        client: 'postgres',
        connection: {
          connectionString: env('DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/test'),
          schema: env('DATABASE_SCHEMA', 'public'),
        },
        pool: { min: 0, max: env.int('DATABASE_POOL_MAX', 10) },
      },
    };
  }
  return {
    connection: {
      client: 'sqlite',
      connection: { filename: env('DATABASE_FILENAME', path.join(__dirname, '..', 'database', 'data.db')) },
      useNullAsDefault: true,
    },
  };
};
