import * as yup from 'yup';
import {
  DEFAULT_INVITATION_SORT,
  INVITATION_SORT_FIELDS,
  INVITATION_STATUSES,
  type InviteRequest,
} from '../../../shared/contracts';
import { MAX_CUSTOM_FIELDS_DEPTH, documentId, nestingDepthAtMost, oneOf, pageParams, text } from './common';

const ADDRESS_KEYS = ['email', 'role', 'teams'];

/** What is wrong with one `{ email, role?, teams? }` entry of `emails`, or null. */
const inviteAddressProblem = (item: unknown): string | null => {
  if (typeof item !== 'object' || item === null || Array.isArray(item))
    return 'each address is a string or { email, role?, teams? }';
  const entry = item as Record<string, unknown>;
  const extra = Object.keys(entry).find((key) => !ADDRESS_KEYS.includes(key));
  if (extra !== undefined) return `"${extra}" is not a property of an address; use email, role and teams`;
  if (typeof entry.email !== 'string' || entry.email.trim() === '') return 'email is required';
  if (entry.role !== undefined && entry.role !== null && (typeof entry.role !== 'string' || entry.role.length > 100))
    return 'role must be a role name (at most 100 characters)';
  if (
    entry.teams !== undefined &&
    entry.teams !== null &&
    (!Array.isArray(entry.teams) || entry.teams.length > 50 || !entry.teams.every((t) => typeof t === 'string'))
  )
    return 'teams must be a list of at most 50 team ids or names';
  return null;
};

export const inviteBodySchema = yup.object({
  emails: yup
    .mixed<InviteRequest['emails']>()
    .required(
      'emails is required: a list of addresses or one string separated by commas, semicolons, spaces or new lines'
    )
    .test('emails-shape', function emailsShape(value) {
      if (typeof value === 'string') return true;
      if (!Array.isArray(value))
        return this.createError({
          message: 'emails must be a string or a list of addresses (strings or { email, role?, teams? })',
        });
      for (const [index, item] of value.entries()) {
        if (typeof item === 'string') continue;
        const problem = inviteAddressProblem(item);
        if (problem) return this.createError({ path: `emails[${index}]`, message: `emails[${index}]: ${problem}` });
      }
      return true;
    }),
  role: text('role', 100).optional(),
  organization: documentId.optional(),
  teams: yup.array(documentId.required()).max(50).optional(),
  firstName: text('firstName', 100).optional(),
  lastName: text('lastName', 100).optional(),
  partnerName: text('partnerName', 200).optional(),
  // mixed, not object(): stripUnknown would empty a shapeless object of all its keys.
  customFields: yup
    .mixed<Record<string, unknown>>()
    .optional()
    .test(
      'plain-object',
      'customFields must be a JSON object, e.g. {"region": "EU"}',
      (value) => value === undefined || (typeof value === 'object' && value !== null && !Array.isArray(value))
    )
    // Checked before the size: measuring a 5,000-deep value recursively would overflow the stack.
    .test(
      'json-depth',
      `customFields can nest at most ${MAX_CUSTOM_FIELDS_DEPTH} levels of objects or lists`,
      (value) => !value || nestingDepthAtMost(value, MAX_CUSTOM_FIELDS_DEPTH)
    )
    .test(
      'json-size',
      'customFields can be at most 10 kB of JSON',
      // A value too deep is the depth test's to report (and would overflow JSON.stringify's stack).
      (value) => !value || !nestingDepthAtMost(value, MAX_CUSTOM_FIELDS_DEPTH) || JSON.stringify(value).length <= 10_000
    ),
  expiresInHours: yup
    .number()
    .typeError('expiresInHours must be a number of hours, e.g. 48')
    .integer('expiresInHours must be a whole number of hours')
    .min(1, 'expiresInHours must be at least 1')
    .max(8760, 'expiresInHours can be at most 8760 (one year)')
    .optional(),
});

export const listQuerySchema = yup.object({
  status: oneOf('status', INVITATION_STATUSES).optional(),
  search: yup.string().trim().max(200).optional(),
  organization: documentId.optional(),
  sort: yup
    .string()
    .matches(
      new RegExp(`^(${INVITATION_SORT_FIELDS.join('|')}):(asc|desc)$`),
      `sort must look like "createdAt:desc", on one of ${INVITATION_SORT_FIELDS.join(', ')}`
    )
    .default(DEFAULT_INVITATION_SORT),
  ...pageParams,
});

export const revokeBodySchema = yup.object({
  ids: yup
    .array(documentId.required())
    .min(1, 'ids needs at least one invitation id')
    .max(1000, 'ids can hold at most 1000 invitations')
    .required('ids is required'),
  reason: yup.string().trim().required('reason is required: pick one of the revoke reasons'),
  note: yup.string().trim().max(1000, 'note can be at most 1000 characters').nullable().optional(),
});
