import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import type { UploadedFile } from '../services/csv-import';
import { badRequest } from '../utils/errors';
import { getService } from '../utils/get-service';
import { adminActor } from '../utils/types';
import { importBodySchema, importQuerySchema } from '../validation/csv-import';
import { validate } from '../validation/validate';

/** The CSV of an import request: multipart/form-data, field `file`. */
export const uploadedFile = (ctx: Context): UploadedFile => {
  const files = (ctx.request as { files?: Record<string, UploadedFile | UploadedFile[]> }).files;
  const upload = files?.file;
  const file = Array.isArray(upload) ? upload[0] : upload;
  if (!file) throw badRequest('CSV_FILE_REQUIRED', 'Send the CSV as multipart/form-data in a field named "file".');
  return file;
};

/** An import request's options: `?dryRun=true`, and the body's column `mapping`, if any. */
export const importOptions = async (ctx: Context) => {
  const { dryRun } = await validate(importQuerySchema, ctx.query, 'import query');
  const { mapping } = await validate(importBodySchema, ctx.request.body, 'import request');
  return { dryRun, mapping };
};

const csvImportController = ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    /**
     * POST /invitations/import (multipart, field `file`; optional field `mapping`), `?dryRun=true` to
     * check without writing.
     */
    async create(ctx) {
      const options = await importOptions(ctx);
      const report = await getService('csv-import', strapi).run(uploadedFile(ctx), options, adminActor(ctx.state.user));
      ctx.status = !options.dryRun && report.totals.created > 0 ? 201 : 200;
      ctx.body = report;
    },

    async sample(ctx) {
      ctx.set('Content-Type', 'text/csv; charset=utf-8');
      ctx.set('Content-Disposition', 'attachment; filename="invitations-sample.csv"');
      ctx.body = await getService('csv-import', strapi).sample();
    },
  }) satisfies Core.Controller;

export default csvImportController;
