import type { Core } from '@strapi/strapi';
import Papa from 'papaparse';
import { PassThrough } from 'node:stream';
import { loggableMessage } from '../utils/errors';
import { getService } from '../utils/get-service';
import { AUDIT_EXPORT_COLUMNS as COLUMNS } from '../../../shared/contracts';
import { auditQuerySchema } from '../validation/audit';
import { validate } from '../validation/validate';

const auditEventController = ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    async find(ctx) {
      const { page, pageSize, ...filters } = await validate(auditQuerySchema, ctx.query, 'audit log query');
      ctx.body = await getService('audit', strapi).list(filters, page, pageSize);
    },

    /** Streams the filtered log as CSV, a thousand events at a time. */
    async export(ctx) {
      const {
        page: _page,
        pageSize: _size,
        ...filters
      } = await validate(auditQuerySchema, ctx.query, 'audit log query');
      const stream = new PassThrough();
      ctx.set('Content-Type', 'text/csv; charset=utf-8');
      ctx.set(
        'Content-Disposition',
        `attachment; filename="invitations-audit-${new Date().toISOString().slice(0, 10)}.csv"`
      );
      ctx.body = stream;
      stream.write(`${COLUMNS.join(',')}\r\n`);
      void (async () => {
        try {
          for await (const events of getService('audit', strapi).iterate(filters)) {
            const rows = events.map((event) =>
              COLUMNS.map((column) => {
                const value = event[column];
                if (value == null) return '';
                if (column === 'createdAt') return new Date(value as string).toISOString();
                return typeof value === 'object' ? JSON.stringify(value) : String(value);
              })
            );
            // escapeFormulae: a cell starting with = + - @ (an invitee's name, a decline reason) is
            // prefixed with ' so that a spreadsheet shows it instead of running it.
            stream.write(`${Papa.unparse(rows, { header: false, newline: '\r\n', escapeFormulae: true })}\r\n`);
          }
          stream.end();
        } catch (error) {
          strapi.log.error(`[invitations] audit export failed: ${loggableMessage(error)}`);
          stream.destroy(error as Error);
        }
      })();
    },
  }) satisfies Core.Controller;

export default auditEventController;
