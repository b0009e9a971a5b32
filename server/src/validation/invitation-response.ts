import * as yup from 'yup';

/** The invitation link's token, as the portal's page read it from its address (`#token=` or `?token=`) and posts it. */
const token = yup
  .string()
  .trim()
  .required('token is required: post the token from the invitation link (its token= value)')
  .max(200, 'token is too long: post only the token= value of the invitation link');

export const tokenBodySchema = yup.object({ token });

export const declineBodySchema = yup.object({
  token,
  reason: yup.string().trim().max(1000, 'reason can be at most 1000 characters').nullable().optional(),
});

/** An account created on accept, when the invitee has none yet: users-permissions' own limits. */
export const registrationSchema = yup.object({
  username: yup.string().trim().min(1).max(255, 'username can be at most 255 characters').optional(),
  password: yup
    .string()
    .required('password is required to create your account (or send a JWT of your existing account)')
    // bcrypt reads 72 bytes and ignores the rest: a longer password would share its hash with others.
    .test(
      'bytes',
      'password can be at most 72 bytes (fewer characters if it has accents or emoji)',
      (value) => value === undefined || Buffer.byteLength(value, 'utf8') <= 72
    ),
  /** users-permissions' device id for the refresh session (refresh mode), as /auth/local takes it. */
  deviceId: yup.string().max(200).optional(),
});
