import * as yup from 'yup';
import { ONBOARDING_MODES } from '../../../shared/contracts';
import { documentId, oneOf, pageParams, text } from './common';
import { tokenBodySchema } from './invitation-response';

/** A join link to create (admin: any organization or the partner program; portal: `:org`'s own). */
export const joinLinkBodySchema = yup.object({
  label: text('label', 200)
    .min(1, 'label cannot be empty')
    .required('label is required: name the campaign, e.g. "Spring partner drive"'),
  organization: documentId.optional(),
  role: text('role', 100).optional(),
  teams: yup.array(documentId.required()).max(50).optional(),
  onboarding: oneOf('onboarding', ONBOARDING_MODES).optional(),
  expiresInHours: yup
    .number()
    .typeError('expiresInHours must be a number of hours, e.g. 720 for 30 days')
    .integer('expiresInHours must be a whole number of hours')
    .min(1, 'expiresInHours must be at least 1')
    .max(8760, 'expiresInHours can be at most 8760 (one year)')
    .nullable()
    .optional(),
  maxUses: yup
    .number()
    .typeError('maxUses must be a number, or null for unlimited')
    .integer('maxUses must be a whole number')
    .min(1, 'maxUses must be at least 1 (or null for unlimited)')
    .max(1_000_000, 'maxUses can be at most 1,000,000 (or null for unlimited)')
    .nullable()
    .optional(),
});

export const joinLinkListSchema = yup.object({
  organization: documentId.optional(),
  partnerProgram: yup.boolean().typeError('partnerProgram must be true or false').optional(),
  search: yup.string().trim().max(200).optional(),
  ...pageParams,
});

/** Joining: the link's token, and for the partner program the applicant's company. */
export const joinBodySchema = tokenBodySchema.shape({
  application: yup
    .object({
      partnerName: text('application.partnerName', 200).min(1, 'application.partnerName cannot be empty').optional(),
    })
    .default({}),
});
