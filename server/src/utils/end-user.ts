import type { Core } from '@strapi/strapi';
import jwt from 'jsonwebtoken';
import type { Context } from 'koa';
import { createSecretKey, type KeyObject } from 'node:crypto';
import { UID } from './constants';
import { selectAttributes, shapeRow, tableOf } from './db';
import { InvitationError } from './errors';
import { getService } from './get-service';
import { preparedRead, type PreparedRead } from './prepared-read';
import type { EndUser } from './types';

/** What is read of the signed-in user: never the password or the reset and confirmation tokens. */
const USER_ATTRIBUTES = [
  'id',
  'documentId',
  'username',
  'email',
  'confirmed',
  'blocked',
  'createdAt',
  'updatedAt',
] as const;

// One prepared read per Strapi instance (tests boot several in one process).
const userReads = new WeakMap<Core.Strapi, PreparedRead>();

/** The user with this id, or null; a prepared read (see utils/prepared-read), as every accept does it. */
const findUser = async (strapi: Core.Strapi, id: number): Promise<EndUser | null> => {
  let read = userReads.get(strapi);
  if (!read) {
    read = preparedRead(strapi, 'signed-in-user', (table, argument) =>
      table(`${tableOf(strapi, UID.user).name} as usr`)
        .select(selectAttributes(strapi, UID.user, 'usr', USER_ATTRIBUTES))
        .where('usr.id', argument(0))
    );
    userReads.set(strapi, read);
  }
  const [raw] = await read.rows(id);
  return raw ? shapeRow<EndUser>(strapi, UID.user, raw) : null;
};

// The users-permissions secret as a key, made once per secret.
const secretKeys = new Map<string, KeyObject>();
const keyOf = (secret: string): KeyObject => {
  let key = secretKeys.get(secret);
  if (!key) secretKeys.set(secret, (key = createSecretKey(Buffer.from(secret))));
  return key;
};

interface UsersPermissionsConfig {
  jwtSecret?: string;
  jwtManagement?: string;
  jwt?: jwt.VerifyOptions & { algorithm?: jwt.Algorithm };
}

/**
 * The user id a users-permissions JWT carries, verified as users-permissions verifies it, or null.
 *
 * With an HMAC algorithm (the default), verified here with the secret made a key once: jsonwebtoken
 * turns a string secret into a key on every call, trying it as a public key first, which took
 * 400-640 µs of every signed-in accept here, against 8 µs with the key. The checks are theirs:
 * - refresh mode (sessions): an access token of the session manager's `users-permissions` origin,
 *   whose secret is `jwtSecret` or else `admin.auth.secret`, verified with `jwt`'s options;
 * - legacy mode: a token signed with `jwtSecret`, its algorithm the configured one.
 * With an asymmetric algorithm, users-permissions' own service verifies.
 */
const verifiedUserId = async (strapi: Core.Strapi, token: string): Promise<number | null> => {
  const config = strapi.config.get<UsersPermissionsConfig>('plugin::users-permissions', {});
  const refresh = config.jwtManagement === 'refresh';
  const secret = config.jwtSecret || (refresh ? strapi.config.get<string | undefined>('admin.auth.secret') : undefined);
  const algorithm = config.jwt?.algorithm ?? 'HS256';
  try {
    if (!secret || !algorithm.startsWith('HS')) {
      const payload = (await strapi.plugin('users-permissions').service('jwt').verify(token)) as { id?: unknown };
      return Number(payload?.id) || null;
    }
    const payload = jwt.verify(
      token,
      keyOf(secret),
      // As the session manager and the jwt service pass them, in this order.
      refresh ? { algorithms: [algorithm], ...config.jwt } : { algorithms: [algorithm] }
    ) as { id?: unknown; userId?: unknown; type?: unknown };
    if (refresh) return payload.type === 'access' ? Number(payload.userId) || null : null;
    return Number(payload.id) || null;
  } catch {
    return null;
  }
};

/**
 * The users-permissions user of a Content API request, from its `Authorization: Bearer <jwt>`.
 * Our public routes run with `auth: false` (an invitee may have no account yet), so Strapi does not
 * authenticate them; when a JWT is present we verify it the way users-permissions does.
 * Returns null without a header; a bad or expired token, or an account users-permissions would not let
 * sign in, is a 401, never silently anonymous.
 */
export const resolveEndUser = async (strapi: Core.Strapi, ctx: Context): Promise<EndUser | null> => {
  const header = ctx.request.header.authorization;
  if (!header) return null;
  const [scheme, token] = header.split(' ');
  if (scheme?.toLowerCase() !== 'bearer' || !token) {
    throw new InvitationError(
      401,
      'UNAUTHENTICATED',
      'The Authorization header must be "Bearer <jwt>" with the JWT from signing in.'
    );
  }
  const userId = await verifiedUserId(strapi, token);
  const user = userId ? await findUser(strapi, userId) : null;
  // As users-permissions' own strategy: a blocked account, or an unconfirmed one while the app requires
  // email confirmation, cannot act with its JWT.
  if (!user || !(await getService('accounts', strapi).canSignIn(user))) {
    throw new InvitationError(401, 'UNAUTHENTICATED', 'Your session is invalid or has expired: sign in again.');
  }
  return user;
};
