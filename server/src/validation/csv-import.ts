import * as yup from 'yup';
import { CSV_FIELDS, type CsvMappingRequest } from '../../../shared/contracts';

export const importQuerySchema = yup.object({
  dryRun: yup.boolean().typeError('dryRun must be true or false').default(false),
});

const fieldList = CSV_FIELDS.join(', ');
const CUSTOM_FIELD_COLUMN = /^fields\.[A-Za-z][A-Za-z0-9_]{0,49}$/;

/**
 * The multipart body's `mapping` (JSON, as a form field carries it): which header column is read as
 * which field, e.g. `{"emailAddress":"E-mail 1 - Value","firstName":"Given Name"}`. Leaving a field out
 * (or null) leaves it unread.
 */
export const importBodySchema = yup.object({
  mapping: yup
    .mixed<CsvMappingRequest>()
    .transform((value: unknown) => {
      if (typeof value !== 'string') return value;
      try {
        return JSON.parse(value) as unknown;
      } catch {
        return Symbol.for('invalid-json');
      }
    })
    .test('mapping', function check(value: unknown) {
      if (value === undefined) return true;
      if (value === Symbol.for('invalid-json') || typeof value !== 'object' || value === null || Array.isArray(value)) {
        return this.createError({
          message: `mapping must be a JSON object of field → header name, e.g. {"emailAddress":"E-mail Address"}`,
        });
      }
      for (const [field, header] of Object.entries(value)) {
        // An invitation field's key is checked against the portal's definitions by the import itself.
        if (!(CSV_FIELDS as readonly string[]).includes(field) && !CUSTOM_FIELD_COLUMN.test(field)) {
          return this.createError({
            message: `mapping names an unknown field "${field}": the fields are ${fieldList}, and fields.<key> for each invitation field the portal defines`,
          });
        }
        if (header !== null && typeof header !== 'string') {
          return this.createError({ message: `mapping.${field} must be a header name (text) or null` });
        }
      }
      if (!('emailAddress' in value) || !(value as Record<string, unknown>).emailAddress) {
        return this.createError({ message: 'mapping must name the column read as emailAddress' });
      }
      return true;
    }),
});
