'use strict';

/**
 * The reference portal (playground/portal, built into public/portal) is a single-page app: its deep
 * links (/portal/accept-invitation, /portal/organizations/acme/members) are answered with its
 * index.html, which `strapi::public` then serves. Files (anything with a dot) are left alone.
 */
module.exports = () => async (ctx, next) => {
  if (ctx.method !== 'GET' || !/^\/portal(\/[^.]*)?$/.test(ctx.path)) return next();
  const asked = ctx.path;
  ctx.path = '/portal/index.html';
  // The page changes with every build of the portal: never let a browser keep an old one.
  ctx.set('Cache-Control', 'no-store');
  await next();
  // Put the address back, so that the request log shows the page that was asked for.
  ctx.path = asked;
};
