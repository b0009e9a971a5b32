import type { Core } from '@strapi/strapi';
import { openApiDocument } from './documentation/openapi';
import removeUploads from './middlewares/remove-uploads';
import requireSignIn from './middlewares/require-sign-in';
import { PLUGIN_ID } from './utils/constants';
import { missingEmailProvider } from './utils/email-provider';

const register = ({ strapi }: { strapi: Core.Strapi }) => {
  // Stopped here, in register, with the fix in the message: the email plugin's bootstrap, which comes
  // next, would stop Strapi anyway, saying only "provider.init is not a function".
  const emailProblem = missingEmailProvider(strapi);
  if (emailProblem) throw new Error(emailProblem);

  strapi.server.use(removeUploads);
  strapi.server.use(requireSignIn(strapi));

  // With @strapi/plugin-documentation installed, the Content API's own description replaces what the
  // generator would guess from the routes (it cannot know the bodies, answers and error codes).
  const documentation = strapi.plugin('documentation');
  if (documentation) {
    documentation.service('override').registerOverride(openApiDocument(), { excludeFromGeneration: [PLUGIN_ID] });
  }
};

export default register;
