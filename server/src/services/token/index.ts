import { createHash, createHmac } from 'node:crypto';
import { badRequest } from '../../utils/errors';
import type { StrapiContext } from '../../utils/types';
import { getService } from '../../utils/get-service';

/**
 * Accept tokens are HMAC-SHA256(secret, per-invitation nonce): 256 bits an attacker cannot guess.
 *
 * Only SHA-256(token) is stored (unique index), so the database alone never yields a working link,
 * yet an admin can "copy link" again at any time: the server re-derives the token from the nonce.
 * A link dies with its invitation's status (revoked, expired, used) and a re-issue gets a new nonce.
 */
const DERIVATION_LABEL = 'strapi-plugin-invitations:accept-token:v1:';

/** `<acceptUrl>?token=<token>`, keeping any query the portal's accept URL already has. */
export const acceptLinkOf = (acceptUrl: string, token: string): string => {
  const url = new URL(acceptUrl);
  url.searchParams.set('token', token);
  return url.toString();
};

const tokenService = ({ strapi }: StrapiContext) => {
  let cachedSecret: string | null = null;

  const secret = (): string => {
    if (cachedSecret) return cachedSecret;
    const configured = getService('settings', strapi).config().tokenSecret;
    const fallback = strapi.config.get('admin.auth.secret') as string | undefined;
    const value = configured ?? fallback;
    if (!value) {
      throw badRequest(
        'TOKEN_SECRET_MISSING',
        'Set the invitations plugin `tokenSecret` (config/plugins) or ADMIN_JWT_SECRET: invitation links are derived from it.'
      );
    }
    cachedSecret = value;
    return value;
  };

  return {
    /** Checked at bootstrap so a missing secret fails the start, not the first invitation. */
    assertConfigured(): void {
      secret();
    },
    tokenFor(nonce: string): string {
      return createHmac('sha256', secret())
        .update(DERIVATION_LABEL + nonce)
        .digest('base64url');
    },
    hash(token: string): string {
      return createHash('sha256').update(token).digest('hex');
    },
    /** A token is 43 base64url characters; anything else cannot be one of ours. */
    looksLikeToken(token: string): boolean {
      return /^[A-Za-z0-9_-]{43}$/.test(token);
    },
  };
};

export default tokenService;
export type TokenService = ReturnType<typeof tokenService>;
