'use strict';

const { winston, formats } = require('@strapi/logger');

// LOG_LEVEL=warn keeps test output readable; the playground logs requests (http) as usual.
const level = process.env.LOG_LEVEL || 'http';

module.exports = {
  transports: [
    new winston.transports.Console({
      level,
      format: winston.format.combine(
        formats.levelFilter(level),
        formats.prettyPrint({ timestamps: 'YYYY-MM-DD hh:mm:ss.SSS' })
      ),
    }),
  ],
};
