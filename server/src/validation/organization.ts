import * as yup from 'yup';
import { MEMBERSHIP_STATUSES, ONBOARDING_MODES } from '../../../shared/contracts';
import { documentId, oneOf, pageParams, text } from './common';

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

const organizationFields = {
  name: text('name', 200).min(1, 'name cannot be empty'),
  slug: yup
    .string()
    .trim()
    .lowercase()
    .matches(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'slug is lower-case letters, digits and dashes, e.g. "acme-partners"')
    .max(200),
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
  onboarding: yup
    .string()
    .oneOf([...ONBOARDING_MODES], `onboarding must be ${ONBOARDING_MODES.map((m) => `"${m}"`).join(' or ')}`),
  defaultRole: text('defaultRole', 100).nullable(),
  expiresInHours: yup.number().integer().min(1, 'expiresInHours must be at least 1').max(8760).nullable(),
};

export const organizationCreateSchema = yup.object({
  ...organizationFields,
  name: organizationFields.name.required('name is required'),
});
export const organizationUpdateSchema = yup.object(organizationFields);

export const teamCreateSchema = yup.object({ name: text('name', 200).min(1).required('name is required') });

export const memberListSchema = yup.object({
  status: oneOf('status', MEMBERSHIP_STATUSES).default('active'),
  search: yup.string().trim().max(200).optional(),
  ...pageParams,
});

export const memberUpdateSchema = yup
  .object({
    role: text('role', 100).min(1).optional(),
    teams: yup.array(documentId.required()).max(50).optional(),
  })
  .test(
    'something',
    'give a role or teams to change',
    (value) => value.role !== undefined || value.teams !== undefined
  );

export const rejectBodySchema = yup.object({
  reason: yup.string().trim().max(1000, 'reason can be at most 1000 characters').nullable().optional(),
});

export const organizationListSchema = yup.object({
  search: yup.string().trim().max(200).optional(),
  ...pageParams,
});

export const organizationChoicesSchema = yup.object({
  search: yup.string().trim().max(200, 'search can be at most 200 characters').optional(),
  limit: yup
    .number()
    .integer('limit must be a whole number')
    .min(1, 'limit must be at least 1')
    .max(100, 'limit can be at most 100')
    .default(20),
});
