import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import type { UploadedFile } from '../services/csv-import';
import { badRequest } from '../utils/errors';
import { getService } from '../utils/get-service';
import { adminActor } from '../utils/types';
import { importQuerySchema } from '../validation/csv-import';
import { validate } from '../validation/validate';

/** The CSV of an import request: multipart/form-data, field `file`. */
export const uploadedFile = (ctx: Context): UploadedFile => {
  const files = (ctx.request as { files?: Record<string, UploadedFile | UploadedFile[]> }).files;
  const upload = files?.file;
  const file = Array.isArray(upload) ? upload[0] : upload;
  if (!file) throw badRequest('CSV_FILE_REQUIRED', 'Send the CSV as multipart/form-data in a field named "file".');
  return file;
};

const csvImportController = ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    /** POST /invitations/import (multipart, field `file`), `?dryRun=true` to check without writing. */
    async create(ctx) {
      const { dryRun } = await validate(importQuerySchema, ctx.query, 'import query');
      const report = await getService('csv-import', strapi).run(
        uploadedFile(ctx),
        { dryRun },
        adminActor(ctx.state.user)
      );
      ctx.status = !dryRun && report.totals.created > 0 ? 201 : 200;
      ctx.body = report;
    },

    async sample(ctx) {
      ctx.set('Content-Type', 'text/csv; charset=utf-8');
      ctx.set('Content-Disposition', 'attachment; filename="invitations-sample.csv"');
      ctx.body = getService('csv-import', strapi).sample();
    },
  }) satisfies Core.Controller;

export default csvImportController;
