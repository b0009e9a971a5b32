import * as yup from 'yup';
import { editableSettingsSchema, emailTemplatesSchema } from '../config';
import { INVITATION_STATUSES, MEMBERSHIP_STATUSES } from '../utils/constants';
import { badRequest } from '../utils/errors';
import { SORTABLE_FIELDS } from '../services/invitation';

/** Validates `input` and answers 400 VALIDATION_ERROR naming every bad field and how to fix it. */
export const validate = async <S extends yup.ISchema<unknown>>(schema: S, input: unknown, what: string): Promise<yup.InferType<S>> => {
  try {
    return (await schema.validate(input ?? {}, { abortEarly: false, stripUnknown: true })) as yup.InferType<S>;
  } catch (error) {
    if (error instanceof yup.ValidationError) {
      const errors = (error.inner.length ? error.inner : [error]).map((e) => ({ path: e.path ?? '', message: e.message }));
      throw badRequest('VALIDATION_ERROR', `Invalid ${what}: ${errors.map((e) => e.message).join('; ')}.`, { errors });
    }
    throw error;
  }
};

const documentId = yup.string().trim().min(1).max(64);
const name = (field: string, max: number) => yup.string().trim().max(max, `${field} can be at most ${max} characters`);

export const inviteBodySchema = yup.object({
  emails: yup
    .mixed<string | string[]>()
    .required('emails is required: a list of addresses or one string separated by commas, semicolons, spaces or new lines')
    .test('emails-shape', 'emails must be a string or a list of strings', (value) =>
      typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string'))
    ),
  role: name('role', 100).optional(),
  organization: documentId.optional(),
  teams: yup.array(documentId.required()).max(50).optional(),
  firstName: name('firstName', 100).optional(),
  lastName: name('lastName', 100).optional(),
  partnerName: name('partnerName', 200).optional(),
  // mixed, not object(): stripUnknown would empty a shapeless object of all its keys.
  customFields: yup
    .mixed<Record<string, unknown>>()
    .optional()
    .test('plain-object', 'customFields must be a JSON object, e.g. {"region": "EU"}', (value) =>
      value === undefined || (typeof value === 'object' && value !== null && !Array.isArray(value))
    )
    .test('json-size', 'customFields can be at most 10 kB of JSON', (value) => !value || JSON.stringify(value).length <= 10_000),
  expiresInHours: yup
    .number()
    .typeError('expiresInHours must be a number of hours, e.g. 48')
    .integer('expiresInHours must be a whole number of hours')
    .min(1, 'expiresInHours must be at least 1')
    .max(8760, 'expiresInHours can be at most 8760 (one year)')
    .optional(),
});

const pageParams = {
  page: yup.number().typeError('page must be a number').integer().min(1, 'page starts at 1').default(1),
  pageSize: yup.number().typeError('pageSize must be a number').integer().min(1).max(100, 'pageSize can be at most 100').default(20),
};

export const listQuerySchema = yup.object({
  status: yup
    .string()
    .oneOf([...INVITATION_STATUSES], `status must be one of ${INVITATION_STATUSES.join(', ')}`)
    .optional(),
  search: yup.string().trim().max(200).optional(),
  organization: documentId.optional(),
  sort: yup
    .string()
    .matches(
      new RegExp(`^(${SORTABLE_FIELDS.join('|')}):(asc|desc)$`),
      `sort must look like "createdAt:desc", on one of ${SORTABLE_FIELDS.join(', ')}`
    )
    .default('createdAt:desc'),
  ...pageParams,
});

export const revokeBodySchema = yup.object({
  ids: yup.array(documentId.required()).min(1, 'ids needs at least one invitation id').max(1000, 'ids can hold at most 1000 invitations').required('ids is required'),
  reason: yup.string().trim().required('reason is required: pick one of the revoke reasons'),
  note: yup.string().trim().max(1000, 'note can be at most 1000 characters').nullable().optional(),
});

export const auditQuerySchema = yup.object({
  action: yup.string().trim().max(100).optional(),
  organization: documentId.optional(),
  invitation: documentId.optional(),
  actor: yup.string().trim().max(254).optional(),
  from: yup.date().typeError('from must be a date, e.g. 2026-01-31 or an ISO timestamp').optional(),
  to: yup.date().typeError('to must be a date, e.g. 2026-01-31 or an ISO timestamp').optional(),
  ...pageParams,
});

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

const organizationFields = {
  name: name('name', 200).min(1, 'name cannot be empty'),
  slug: yup.string().trim().lowercase().matches(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'slug is lower-case letters, digits and dashes, e.g. "acme-partners"').max(200),
  allowedDomains: yup
    .array(
      yup
        .string()
        .trim()
        .lowercase()
        .transform((value: string) => value.replace(/^@/, ''))
        .matches(DOMAIN, ({ value }) => `"${value}" is not a domain: write it like "acme.com" (no @, no http://)`)
        .required()
    )
    .max(100),
  pendingLimit: yup.number().integer().min(0, 'pendingLimit cannot be negative').nullable(),
  onboarding: yup.string().oneOf(['auto', 'approval'], 'onboarding must be "auto" or "approval"'),
  defaultRole: name('defaultRole', 100).nullable(),
  expiresInHours: yup.number().integer().min(1, 'expiresInHours must be at least 1').max(8760).nullable(),
};

export const organizationCreateSchema = yup.object({
  ...organizationFields,
  name: organizationFields.name.required('name is required'),
});
export const organizationUpdateSchema = yup.object(organizationFields);

export const teamCreateSchema = yup.object({ name: name('name', 200).min(1).required('name is required') });

export const declineBodySchema = yup.object({ reason: yup.string().trim().max(1000, 'reason can be at most 1000 characters').nullable().optional() });

export const memberListSchema = yup.object({
  status: yup
    .string()
    .oneOf([...MEMBERSHIP_STATUSES], `status must be one of ${MEMBERSHIP_STATUSES.join(', ')}`)
    .default('active'),
  search: yup.string().trim().max(200).optional(),
  ...pageParams,
});

export const memberUpdateSchema = yup
  .object({
    role: name('role', 100).min(1).optional(),
    teams: yup.array(documentId.required()).max(50).optional(),
  })
  .test('something', 'give a role or teams to change', (value) => value.role !== undefined || value.teams !== undefined);

export const rejectBodySchema = yup.object({
  reason: yup.string().trim().max(1000, 'reason can be at most 1000 characters').nullable().optional(),
});

export const organizationListSchema = yup.object({
  search: yup.string().trim().max(200).optional(),
  ...pageParams,
});

export const organizationChoicesSchema = yup.object({
  search: yup.string().trim().max(200, 'search can be at most 200 characters').optional(),
  limit: yup.number().integer('limit must be a whole number').min(1, 'limit must be at least 1').max(100, 'limit can be at most 100').default(20),
});

/**
 * The settings page previews its unsaved draft: the same rules as saving it, every part optional
 * (what the draft leaves out comes from the saved settings).
 */
export const templatePreviewSchema = editableSettingsSchema
  .pick(['portalName', 'acceptUrl'])
  .partial()
  .shape({ templates: emailTemplatesSchema.partial().optional() });
