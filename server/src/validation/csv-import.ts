import * as yup from 'yup';

export const importQuerySchema = yup.object({
  dryRun: yup.boolean().typeError('dryRun must be true or false').default(false),
});
