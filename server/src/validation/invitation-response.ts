import * as yup from 'yup';

export const declineBodySchema = yup.object({
  reason: yup.string().trim().max(1000, 'reason can be at most 1000 characters').nullable().optional(),
});

/** An account created on accept, when the invitee has none yet. */
export const registrationSchema = yup.object({
  username: yup.string().trim().min(3, 'username needs at least 3 characters').max(100).optional(),
  password: yup
    .string()
    .min(6, 'password needs at least 6 characters')
    .max(72, 'password can be at most 72 characters')
    .required('password is required to create your account (or send a JWT of your existing account)'),
});
