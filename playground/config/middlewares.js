module.exports = [
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
  'strapi::cors',
  'strapi::poweredBy',
  'strapi::query',
  'strapi::body',
  'strapi::session',
  'strapi::favicon',
  // The reference portal's deep links (playground/portal): before strapi::public, which serves its files.
  'global::portal-pages',
  'strapi::public',
];
