import type { Core } from '@strapi/strapi';

const register = (_: { strapi: Core.Strapi }) => {
  // Content types, routes and services are declared in the plugin object; nothing to wire here yet.
};

export default register;
