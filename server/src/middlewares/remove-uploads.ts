import fs from 'node:fs';
import type { Context, Next } from 'koa';

interface UploadedFileLike {
  filepath?: string;
}

/** The plugin's request paths: the admin API's and the Content API's (with Strapi's default `/api` prefix). */
const isPluginPath = (path: string): boolean => /^\/(?:api\/)?invitations\//.test(path);

/**
 * Deletes every file a request to the plugin uploaded, once the request is answered, however it
 * ended (imported, refused by RBAC before the controller ran, failed). Strapi's body parser writes
 * multipart uploads to the temp folder and only its own upload routes clean them; a CSV of addresses
 * and names must not outlive the request. Mounted app-wide (`strapi.server.use`) because route
 * middlewares run after the permission checks, which a refused upload never passes.
 */
const removeUploads = async (ctx: Context, next: Next): Promise<void> => {
  try {
    await next();
  } finally {
    const files = (ctx.request as { files?: Record<string, UploadedFileLike | UploadedFileLike[]> }).files;
    if (files && isPluginPath(ctx.path)) {
      const paths = Object.values(files)
        .flat()
        .map((file) => file?.filepath)
        .filter((path): path is string => typeof path === 'string');
      await Promise.all(paths.map((path) => fs.promises.rm(path, { force: true })));
    }
  }
};

export default removeUploads;
