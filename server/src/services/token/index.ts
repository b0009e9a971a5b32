import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { StrapiContext } from '../../utils/types';
import { getService } from '../../utils/get-service';

/**
 * Accept tokens are HMAC-SHA256(secret, per-invitation nonce): 256 bits an attacker cannot guess.
 *
 * Only SHA-256(token) is stored (unique index), so the database alone never yields a working link,
 * yet an admin can "copy link" again at any time: the server re-derives the token from the nonce.
 * A link dies with its invitation's status (revoked, expired, used) and a re-issue gets a new nonce.
 *
 * The hash only finds the invitation; a token is accepted when it is also the HMAC of that
 * invitation's nonce under the current secret or one of `previousTokenSecrets`. So changing
 * `tokenSecret` really ends every link made with the old one, unless the old one is kept in
 * `previousTokenSecrets` for the time of a rotation.
 */
/**
 * What a token opens. Each purpose derives under its own label, so an invitation's token can never
 * open a join link whose nonce happens to be equal, nor the other way round.
 */
export type TokenPurpose = 'accept' | 'join';
const DERIVATION_LABELS: Record<TokenPurpose, string> = {
  accept: 'strapi-plugin-invitations:accept-token:v1:',
  join: 'strapi-plugin-invitations:join-token:v1:',
};

/**
 * A link to a portal page with a token: the invitation links the mails carry (`acceptUrl`) and join
 * links (`joinUrl`). `<page>?token=<token>`, keeping any query the page's URL already has; or, when the
 * URL ends in a fragment (`…/accept-invitation#`), `…#token=<token>`.
 * Browsers never send the fragment to a server, so then no request log, proxy log or `Referer` header
 * ever holds the token (a query is logged by the server that serves the page, Strapi's own logger too).
 */
export const portalLinkOf = (pageUrl: string, token: string): string => {
  const url = new URL(pageUrl);
  if (pageUrl.includes('#')) {
    const fragment = new URLSearchParams(url.hash.slice(1));
    fragment.set('token', token);
    url.hash = fragment.toString();
    return url.toString();
  }
  url.searchParams.set('token', token);
  return url.toString();
};

/** The token of an accept link, in its fragment or its query (what a portal page does with `location`). */
export const tokenOfLink = (link: string): string | null => {
  const url = new URL(link);
  return new URLSearchParams(url.hash.slice(1)).get('token') ?? url.searchParams.get('token');
};

export const MISSING_SECRET_MESSAGE =
  'The invitations plugin needs a `tokenSecret` in production: invitation links are derived from it. ' +
  "Make one with `node -e \"console.log(require('crypto').randomBytes(32).toString('base64'))\"`, " +
  "put it in the environment (e.g. INVITATIONS_TOKEN_SECRET) and set `tokenSecret: env('INVITATIONS_TOKEN_SECRET')` " +
  'in config/plugins under invitations.config.';

const hmac = (secret: string, nonce: string, purpose: TokenPurpose): string =>
  createHmac('sha256', secret)
    .update(DERIVATION_LABELS[purpose] + nonce)
    .digest('base64url');

const sha256 = (token: string): string => createHash('sha256').update(token).digest('hex');

const tokenService = ({ strapi }: StrapiContext) => {
  let warned = false;

  /**
   * The current secret first, then the previous ones still honoured. Read from the config at every
   * use (a property lookup), so a secret changed with `strapi.config.set` takes effect at once.
   */
  const secrets = (): { current: string; all: string[] } => {
    const config = getService('settings', strapi).config();
    let current: string | null | undefined = config.tokenSecret;
    if (!current) {
      if (process.env.NODE_ENV === 'production') throw new Error(MISSING_SECRET_MESSAGE);
      // Development only: links keep working across restarts, but setting a tokenSecret later ends
      // them unless this fallback is listed in previousTokenSecrets (the README says how).
      current = strapi.config.get<string | undefined>('admin.auth.secret');
      if (!current) throw new Error(MISSING_SECRET_MESSAGE);
      if (!warned) {
        warned = true;
        strapi.log.warn(
          '[invitations] No `tokenSecret` configured: invitation links are derived from the admin JWT secret. Set one before going to production.'
        );
      }
    }
    return { current, all: [current, ...(config.previousTokenSecrets ?? [])] };
  };

  return {
    /** Checked at bootstrap so a missing secret fails the start, not the first invitation. */
    assertConfigured(): void {
      secrets();
    },
    /** The token of a new nonce (or of one being re-keyed), under the current secret. */
    tokenFor(nonce: string, purpose: TokenPurpose = 'accept'): string {
      return hmac(secrets().current, nonce, purpose);
    },
    /** `tokenFor` with the secret read once: for a batch of thousands of new invitations. */
    issuer(): (nonce: string) => string {
      const { current } = secrets();
      return (nonce) => hmac(current, nonce, 'accept');
    },
    hash: sha256,
    /** A token is 43 base64url characters; anything else cannot be one of ours. */
    looksLikeToken(token: string): boolean {
      return /^[A-Za-z0-9_-]{43}$/.test(token);
    },
    /** True when `token` is the HMAC of `nonce` under a secret still honoured (constant time). */
    isIssuedFor(token: string, nonce: string, purpose: TokenPurpose = 'accept'): boolean {
      const given = Buffer.from(token);
      return secrets().all.some((secret) => {
        const expected = Buffer.from(hmac(secret, nonce, purpose));
        return expected.length === given.length && timingSafeEqual(expected, given);
      });
    },
    /**
     * The token that opens an invitation whose stored hash is `tokenHash`: derived under the current
     * secret or a previous one still honoured. Null when the hash belongs to a secret no longer
     * honoured: the caller then re-keys the invitation (see the store's `rekey`), so a resent mail or
     * a copied link never carries a dead link.
     */
    liveTokenOf(row: { tokenNonce: string; tokenHash: string }, purpose: TokenPurpose = 'accept'): string | null {
      for (const secret of secrets().all) {
        const token = hmac(secret, row.tokenNonce, purpose);
        if (sha256(token) === row.tokenHash) return token;
      }
      return null;
    },
  };
};

export default tokenService;
export type TokenService = ReturnType<typeof tokenService>;
