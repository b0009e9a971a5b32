import type { Core } from '@strapi/strapi';
import removeUploads from './middlewares/remove-uploads';

const register = ({ strapi }: { strapi: Core.Strapi }) => {
  strapi.server.use(removeUploads);
};

export default register;
