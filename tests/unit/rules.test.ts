/** Unit tests of the pure rule modules: admission rules, invitation status rules, emails. */
import { checkRole, lifetimeHours, matchTeams, refusal, roleFor } from '../../server/src/services/admission/rules';
import { nestingDepthAtMost } from '../../server/src/validation/common';
import {
  capabilitiesOf,
  isManagerRole,
  mayGrant,
  rankOf,
  roleCan,
} from '../../server/src/services/organization-access/rules';
import {
  effectiveDelivery,
  effectiveStatus,
  isOverdue,
  pendingKeyOf,
} from '../../server/src/services/invitation-store/rules';
import { GONE, joinKeyOf, joinLinkState } from '../../server/src/services/join-link/rules';
import { isDomainAllowed, isValidEmail, maskEmail, normalizeEmail, splitEmails } from '../../server/src/utils/emails';

const org = {
  id: 1,
  documentId: 'org1',
  name: 'Acme',
  defaultRole: 'viewer',
  expiresInHours: 48,
  teams: [
    { id: 10, documentId: 't-sales', name: 'Sales' },
    { id: 11, documentId: 't-ops', name: 'Ops' },
  ],
};

describe('invitation status rules', () => {
  const now = new Date('2026-06-01T12:00:00Z');
  it('reads a pending invitation past its expiry as expired, and nothing else', () => {
    expect(isOverdue({ status: 'pending', expiresAt: '2026-06-01T12:00:00Z' }, now)).toBe(true);
    expect(isOverdue({ status: 'pending', expiresAt: '2026-06-01T12:00:01Z' }, now)).toBe(false);
    expect(effectiveStatus({ status: 'pending', expiresAt: new Date('2026-05-01') }, now)).toBe('expired');
    expect(effectiveStatus({ status: 'accepted', expiresAt: new Date('2026-05-01') }, now)).toBe('accepted');
    expect(effectiveStatus({ status: 'revoked', expiresAt: new Date('2027-05-01') }, now)).toBe('revoked');
  });
  it('keys pending invitations by organization and address', () => {
    expect(pendingKeyOf('a@b.com', { documentId: 'org1' })).toBe('org1:a@b.com');
    expect(pendingKeyOf('a@b.com', null)).toBe('-:a@b.com');
  });
});

describe('admission rules', () => {
  it('decides the role: asked for, else the organization default, else the portal default', () => {
    expect(roleFor('admin', org, 'user')).toBe('admin');
    expect(roleFor(null, org, 'user')).toBe('viewer');
    expect(roleFor(undefined, { defaultRole: null }, 'user')).toBe('user');
    expect(roleFor('', null, 'user')).toBe('user');
  });
  it('refuses a role that is not configured, naming the ones that are', () => {
    expect(checkRole('user', ['admin', 'user'])).toBeNull();
    expect(checkRole('owner', ['admin', 'user'])).toMatchObject({
      code: 'unknown_role',
      field: 'role',
      value: 'owner',
    });
    expect(checkRole('owner', ['admin', 'user'])!.fix).toBe(
      'Use one of admin, user, or leave it empty for the default.'
    );
  });
  it('matches teams by id or by name without regard to case, once each', () => {
    expect(matchTeams(org, ['t-sales', 'OPS', 'sales'])).toEqual({ teams: [org.teams[0], org.teams[1]] });
    expect(matchTeams(org, [])).toEqual({ teams: [] });
    expect(matchTeams(null, [])).toEqual({ teams: [] });
    expect(matchTeams(org, ['Nope'])).toMatchObject({
      code: 'unknown_team',
      value: 'Nope',
      message: 'Acme has no team "Nope".',
    });
    expect(matchTeams(null, ['Sales'])).toMatchObject({
      code: 'unknown_team',
      message: expect.stringMatching(/Teams belong to an organization/),
    });
  });
  it('decides the lifetime: asked for, else the organization, else the portal', () => {
    expect(lifetimeHours(12, org, 168)).toBe(12);
    expect(lifetimeHours(null, org, 168)).toBe(48);
    expect(lifetimeHours(undefined, { expiresInHours: null }, 168)).toBe(168);
  });
});

describe('emails', () => {
  it('splits pasted text on commas, semicolons, spaces and new lines', () => {
    expect(splitEmails('a@x.com, b@x.com;c@x.com\nd@x.com  e@x.com')).toEqual([
      'a@x.com',
      'b@x.com',
      'c@x.com',
      'd@x.com',
      'e@x.com',
    ]);
    expect(splitEmails(['a@x.com b@x.com', ' '])).toEqual(['a@x.com', 'b@x.com']);
  });
  it('normalizes, validates and masks', () => {
    expect(normalizeEmail('  Ann@Example.COM ')).toBe('ann@example.com');
    expect(isValidEmail('ann@example.com')).toBe(true);
    expect(isValidEmail('ann@example')).toBe(false);
    expect(isValidEmail('ann..b@example.com')).toBe(false);
    expect(isValidEmail(`${'a'.repeat(250)}@x.com`)).toBe(false);
    expect(maskEmail('jane.doe@acme.com')).toBe('j***@acme.com');
  });
  it('allows a domain and its subdomains, and any domain when none is listed', () => {
    expect(isDomainAllowed('a@acme.com', ['acme.com'])).toBe(true);
    expect(isDomainAllowed('a@eu.acme.com', ['acme.com'])).toBe(true);
    expect(isDomainAllowed('a@notacme.com', ['acme.com'])).toBe(false);
    expect(isDomainAllowed('a@any.com', [])).toBe(true);
    expect(isDomainAllowed('a@any.com', null)).toBe(true);
  });
});

describe('bounds of what a request may carry', () => {
  it('names an overlong value by its start and length instead of echoing it', () => {
    const long = refusal.tooLong('firstName', 'N'.repeat(300), 100);
    expect(long).toMatchObject({ code: 'too_long', field: 'firstName' });
    expect(long.message).toBe('firstName is 300 characters long; at most 100 fit.');
    expect(long.value).toBe(`${'N'.repeat(80)}… (300 characters)`);
    const huge = refusal.invalidEmail(`${'a'.repeat(1_000_000)}@x.test`);
    expect(huge.message.length).toBeLessThan(200);
    expect(refusal.invalidEmail('bad@').value).toBe('bad@');
  });

  it('measures nesting without recursion, stopping at the first level too deep', () => {
    expect(nestingDepthAtMost({ a: 1, b: [1, 2], c: { d: 'x' } }, 2)).toBe(true);
    expect(nestingDepthAtMost({ a: { b: { c: 1 } } }, 2)).toBe(false);
    expect(nestingDepthAtMost({ list: [[[]]] }, 3)).toBe(false);
    expect(nestingDepthAtMost('plain', 0)).toBe(true);
    // 100,000 levels: a recursive walk would overflow the stack.
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 100_000; i += 1) deep = { next: deep };
    expect(nestingDepthAtMost(deep, 5)).toBe(false);
  });
});

describe('who may do what in their own organization', () => {
  const roles = ['owner', 'admin', 'user', 'viewer'];
  const table = {
    owner: ['invite', 'members.manage'],
    admin: ['invite', 'members.manage'],
    user: ['members.read'],
  } as const;

  it('reads capabilities per role; an unlisted role may do nothing', () => {
    expect(roleCan('admin', 'invite', table)).toBe(true);
    expect(roleCan('user', 'invite', table)).toBe(false);
    expect(capabilitiesOf('viewer', table)).toEqual([]);
    expect(isManagerRole('owner', table)).toBe(true);
    expect(isManagerRole('user', table)).toBe(false);
  });

  it('ranks roles by their order: a member grants only their own role or one below', () => {
    expect(mayGrant('admin', 'admin', roles)).toBe(true);
    expect(mayGrant('admin', 'viewer', roles)).toBe(true);
    expect(mayGrant('admin', 'owner', roles)).toBe(false);
    expect(mayGrant('user', 'admin', roles)).toBe(false);
    // A role no longer configured ranks below all: granting it is never an escalation, holding it grants nothing above.
    expect(rankOf('retired', roles)).toBe(4);
    expect(mayGrant('retired', 'viewer', roles)).toBe(false);
  });
});

describe('join link rules', () => {
  const now = Date.parse('2026-06-01T12:00:00Z');
  const link = { revokedAt: null, expiresAt: null, maxUses: null, uses: 0 };

  it('derives the state: revoked first, then expired, then exhausted', () => {
    expect(joinLinkState(link, now)).toBe('active');
    expect(joinLinkState({ ...link, maxUses: 3, uses: 2 }, now)).toBe('active');
    expect(joinLinkState({ ...link, maxUses: 3, uses: 3 }, now)).toBe('exhausted');
    expect(joinLinkState({ ...link, expiresAt: '2026-06-01T12:00:00Z' }, now)).toBe('expired');
    expect(joinLinkState({ ...link, expiresAt: '2026-06-01T12:00:01Z' }, now)).toBe('active');
    expect(
      joinLinkState({ revokedAt: '2026-05-01T00:00:00Z', expiresAt: '2026-05-02T00:00:00Z', maxUses: 1, uses: 1 }, now)
    ).toBe('revoked');
    expect(joinLinkState({ ...link, expiresAt: '2026-05-01T00:00:00Z', maxUses: 1, uses: 1 }, now)).toBe('expired');
  });

  it('tells a joiner why a link no longer works, with a code per state', () => {
    expect(Object.fromEntries(Object.entries(GONE).map(([state, { code }]) => [state, code]))).toEqual({
      expired: 'JOIN_LINK_EXPIRED',
      exhausted: 'JOIN_LINK_EXHAUSTED',
      revoked: 'JOIN_LINK_REVOKED',
    });
    expect(joinKeyOf(7, 42)).toBe('7:42');
  });
});

describe('delivery state', () => {
  const now = new Date('2026-06-01T12:00:00Z');
  const future = '2026-06-08T12:00:00Z';
  it('reads a queued mail of an invitation that is no longer pending as cancelled', () => {
    expect(effectiveDelivery({ status: 'pending', expiresAt: future, deliveryStatus: 'queued' }, now)).toBe('queued');
    expect(effectiveDelivery({ status: 'accepted', expiresAt: future, deliveryStatus: 'queued' }, now)).toBe(
      'cancelled'
    );
    // Overdue: expired before the expiry task ran.
    expect(
      effectiveDelivery({ status: 'pending', expiresAt: '2026-06-01T11:00:00Z', deliveryStatus: 'queued' }, now)
    ).toBe('cancelled');
    expect(effectiveDelivery({ status: 'accepted', expiresAt: future, deliveryStatus: 'sent' }, now)).toBe('sent');
    expect(effectiveDelivery({ status: 'revoked', expiresAt: future, deliveryStatus: 'failed' }, now)).toBe('failed');
  });
});
