import type { Core } from '@strapi/strapi';
import removeUploads from './middlewares/remove-uploads';
import requireSignIn from './middlewares/require-sign-in';

const register = ({ strapi }: { strapi: Core.Strapi }) => {
  strapi.server.use(removeUploads);
  strapi.server.use(requireSignIn(strapi));
};

export default register;
