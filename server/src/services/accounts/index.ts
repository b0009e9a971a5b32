import { randomUUID } from 'node:crypto';
import * as strapiUtils from '@strapi/utils';
import { UID } from '../../utils/constants';
import { query, tableOf, withKnex } from '../../utils/db';
import { InvitationError } from '../../utils/errors';
import type { EndUser, StrapiContext } from '../../utils/types';
import { validate } from '../../validation/validate';
import { registrationSchema } from '../../validation/invitation-response';

/** What users-permissions answers on /api/auth/local/register, in the app's `jwtManagement` mode. */
export interface SessionTokens {
  jwt: string;
  /** Only in `jwtManagement: 'refresh'` mode (the default of a new Strapi 5 app). */
  refreshToken?: string;
}

/** Where the request came from, for the session users-permissions records in refresh mode. */
export interface SessionOrigin {
  deviceId?: string;
  userAgent?: string;
}

interface UsersPermissionsAdvanced {
  default_role?: string;
  email_confirmation?: boolean;
}

interface ValidationRules {
  validatePassword?: (password: string) => boolean | Promise<boolean>;
}

interface SessionManager {
  generateRefreshToken(
    userId: string,
    deviceId: string,
    options: { type: 'refresh'; metadata?: Record<string, unknown> }
  ): Promise<{ token: string }>;
  generateAccessToken(refreshToken: string): Promise<{ token: string } | { error: string }>;
}

/**
 * The users-permissions accounts the plugin creates, and the sessions it opens for them, by
 * users-permissions' own rules: the app's password policy (`validationRules.validatePassword`), at
 * most 72 bytes (bcrypt ignores the rest), no email or username that collides with another account's
 * email or username, and tokens in the app's `jwtManagement` mode. Everything else that makes or signs
 * in an account (accept now, join links next) comes here.
 */
const accountsService = ({ strapi }: StrapiContext) => {
  const advancedSettings = async (): Promise<UsersPermissionsAdvanced> =>
    ((await strapi.store({ type: 'plugin', name: 'users-permissions', key: 'advanced' }).get()) ??
      {}) as UsersPermissionsAdvanced;

  /**
   * Serializes account creation: a lock on the role row every new account is created in. Without it,
   * on PostgreSQL and MariaDB two requests for one address (or one username) both find it free and
   * both create an account. users-permissions has no unique index on either column, so the lock is
   * the guarantee. Accounts are created at human pace: one at a time costs nothing.
   */
  const lockRole = (roleId: number): Promise<unknown> => {
    const roles = tableOf(strapi, UID.role);
    return withKnex(strapi, (table) => table(roles.name).select('id').where('id', roleId).forUpdate());
  };

  /**
   * Whether an account already has `email` or `username` as its email or username, as users-permissions
   * checks on registration. A locking read, so that on MySQL/MariaDB (REPEATABLE READ) it sees an
   * account committed after this transaction began.
   */
  const collidingAccount = async (
    email: string,
    username: string
  ): Promise<{ email: string; username: string } | null> => {
    const users = tableOf(strapi, UID.user);
    const emailColumn = users.column('email');
    const usernameColumn = users.column('username');
    const identifiers = [...new Set([email, username.toLowerCase()])];
    const row = (await withKnex(strapi, (table) =>
      table(users.name)
        .first({ email: emailColumn, username: usernameColumn })
        .where((where) => {
          for (const identifier of identifiers) {
            where.orWhereRaw('lower(??) = ?', [emailColumn, identifier]);
            where.orWhereRaw('lower(??) = ?', [usernameColumn, identifier]);
          }
        })
        .forShare()
    )) as { email: string; username: string } | undefined;
    return row ?? null;
  };

  return {
    /**
     * Creates a confirmed account for `email` (a link sent to it proved the address) from `body`
     * ({ username?, password }), in the caller's transaction.
     */
    async register(email: string, body: unknown): Promise<EndUser> {
      const input = await validate(registrationSchema, body, { prefix: 'Cannot create your account' });
      // The user model's own bounds (6 characters in a stock app), which users-permissions enforces on create.
      const { minLength = 0 } = (strapi.getModel(UID.user as Parameters<typeof strapi.getModel>[0])?.attributes
        ?.password ?? {}) as {
        minLength?: number;
      };
      if (input.password.length < minLength) {
        const message = `password needs at least ${minLength} characters`;
        throw new InvitationError(400, 'VALIDATION_ERROR', `Cannot create your account: ${message}.`, {
          errors: [{ path: 'password', message }],
        });
      }
      const rules = (strapi.config.get('plugin::users-permissions.validationRules') ?? {}) as ValidationRules;
      if (typeof rules.validatePassword === 'function') {
        let accepted = false;
        let reason = 'it does not meet the password rules of this portal';
        try {
          accepted = Boolean(await rules.validatePassword(input.password));
        } catch (error) {
          if (error instanceof Error && error.message) reason = error.message;
        }
        if (!accepted) {
          throw new InvitationError(400, 'VALIDATION_ERROR', `Cannot create your account: ${reason}.`, {
            errors: [{ path: 'password', message: reason }],
          });
        }
      }
      const username = input.username ?? email;
      const advanced = await advancedSettings();
      const role = (await query(strapi, UID.role).findOne({
        where: { type: advanced.default_role ?? 'authenticated' },
      })) as { id: number } | null;
      if (!role) throw new Error(`users-permissions has no role of type "${advanced.default_role}" for new accounts`);

      await lockRole(role.id);
      const collision = await collidingAccount(email, username);
      if (collision) {
        if (collision.email?.toLowerCase() === email) {
          throw new InvitationError(
            409,
            'ACCOUNT_EXISTS',
            `An account for ${email} already exists: sign in, then accept the invitation with your session token.`
          );
        }
        if (collision.username?.toLowerCase() === email) {
          // users-permissions signs in by email or username: this address would be ambiguous.
          throw new InvitationError(
            409,
            'ACCOUNT_EXISTS',
            `Another account uses ${email} as its username, so no account can be created for this address: ask the portal's administrators to rename that account.`
          );
        }
        throw new InvitationError(409, 'ACCOUNT_EXISTS', `The username "${username}" is taken: choose another one.`, {
          field: 'username',
        });
      }
      return (await strapi.plugin('users-permissions').service('user').add({
        username,
        email,
        password: input.password,
        provider: 'local',
        confirmed: true,
        blocked: false,
        role: role.id,
      })) as EndUser;
    },

    /** Signs `user` in as /api/auth/local/register would: a JWT, plus a refresh token in refresh mode. */
    async openSession(user: EndUser, origin: SessionOrigin = {}): Promise<SessionTokens> {
      const mode: string = strapi.config.get('plugin::users-permissions.jwtManagement') ?? 'legacy-support';
      if (mode !== 'refresh') {
        return { jwt: (await strapi.plugin('users-permissions').service('jwt').issue({ id: user.id })) as string };
      }
      const sessions = (strapi as unknown as { sessionManager(origin: string): SessionManager }).sessionManager(
        'users-permissions'
      );
      // @strapi/utils < 5.30 has no buildSessionMetadata; the session then records only its time.
      const buildMetadata = (strapiUtils as { buildSessionMetadata?: (p: { userAgent?: string }) => object })
        .buildSessionMetadata;
      const metadata = (buildMetadata?.({ userAgent: origin.userAgent }) ?? { loginAt: new Date().toISOString() }) as
        | Record<string, unknown>
        | undefined;
      const refresh = await sessions.generateRefreshToken(String(user.id), origin.deviceId || randomUUID(), {
        type: 'refresh',
        metadata,
      });
      const access = await sessions.generateAccessToken(refresh.token);
      if ('error' in access) throw new Error(`users-permissions refused to open a session: ${access.error}`);
      return { jwt: access.token, refreshToken: refresh.token };
    },

    /** Whether users-permissions would let `user` sign in (blocked, or unconfirmed under email confirmation). */
    async canSignIn(user: EndUser): Promise<boolean> {
      if (user.blocked) return false;
      if (user.confirmed) return true;
      return !(await advancedSettings()).email_confirmation;
    },
  };
};

export default accountsService;
export type AccountsService = ReturnType<typeof accountsService>;
