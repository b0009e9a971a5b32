import * as yup from 'yup';
import { documentId, pageParams } from './common';

export const auditQuerySchema = yup.object({
  action: yup.string().trim().max(100).optional(),
  organization: documentId.optional(),
  invitation: documentId.optional(),
  actor: yup.string().trim().max(254).optional(),
  from: yup.date().typeError('from must be a date, e.g. 2026-01-31 or an ISO timestamp').optional(),
  to: yup.date().typeError('to must be a date, e.g. 2026-01-31 or an ISO timestamp').optional(),
  ...pageParams,
});
