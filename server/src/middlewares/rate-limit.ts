import type { Core } from '@strapi/strapi';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { InvitationError } from '../utils/errors';
import { getService } from '../utils/get-service';

// One budget per client across all invitee routes (preview, accept, decline), whichever route the
// middleware was mounted on: Strapi builds a middleware instance per route, so the limiter lives here.
const limiters = new WeakMap<Core.Strapi, RateLimiterMemory>();

const limiterOf = (strapi: Core.Strapi): RateLimiterMemory | null => {
  const { rateLimit } = getService('settings', strapi).config();
  if (!rateLimit.enabled) return null;
  let limiter = limiters.get(strapi);
  if (!limiter) {
    limiter = new RateLimiterMemory({
      keyPrefix: 'invitations-token-routes',
      points: rateLimit.points,
      duration: rateLimit.durationSeconds,
    });
    limiters.set(strapi, limiter);
  }
  return limiter;
};

/**
 * Throttles the public token routes per client address, like users-permissions throttles /auth:
 * guessing tokens is hopeless (256 bits), but an unthrottled public route still invites scraping and
 * load. Over budget, the answer is 429 RATE_LIMITED with `Retry-After`. The count is per instance
 * (in memory); behind a proxy, set Strapi's `server.proxy` so that `ctx.ip` is the client's address.
 */
const rateLimit =
  (_config: unknown, { strapi }: { strapi: Core.Strapi }): Core.MiddlewareHandler =>
  async (ctx, next) => {
    const limiter = limiterOf(strapi);
    if (!limiter) return next();
    try {
      await limiter.consume(ctx.request.ip || 'unknown');
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      ctx.set('Retry-After', String(retryAfter));
      throw new InvitationError(
        429,
        'RATE_LIMITED',
        `Too many requests from your address: try again in ${retryAfter} second${retryAfter === 1 ? '' : 's'}.`,
        { retryAfter }
      );
    }
    return next();
  };

export default rateLimit;
