import type { ErrorCode, FieldProblem } from '../../../../shared/contracts';
import { emailDomain } from '../../utils/emails';
import { InvitationError, type ErrorStatus } from '../../utils/errors';
import { describeProblems } from '../fields/rules';
import type { OrganizationRow, TeamRow } from '../organization/types';

/**
 * The admission rules that need no database, pure so that unit tests cover them. Every entry point
 * (form, API, CSV row, "send new invitation", membership changes) decides through these.
 */

/** Why an address is not admitted. */
export type RefusalCode =
  | 'missing_email'
  | 'invalid_email'
  | 'duplicate'
  | 'unknown_organization'
  | 'unknown_role'
  | 'unknown_team'
  | 'domain_not_allowed'
  | 'already_member'
  | 'already_invited'
  | 'limit_reached'
  | 'too_long'
  | 'role_above_own'
  | 'invalid_fields';

/** The part of the request a refusal is about. */
export type RefusalField =
  | 'email'
  | 'organization'
  | 'role'
  | 'teams'
  | 'firstName'
  | 'lastName'
  | 'partnerName'
  | 'customFields';

export interface Refusal {
  code: RefusalCode;
  field: RefusalField;
  /** The value at fault, as given. */
  value: string;
  /** What is wrong. */
  message: string;
  /** How to fix it. */
  fix: string;
  /** For `invalid_email`: the address found inside the value (stray characters around it). */
  suggestion?: string;
  /** For `invalid_fields`: each field at fault, by key. */
  problems?: FieldProblem[];
}

const list = (items: readonly string[]) => items.join(', ');

/** A value as a report shows it: a huge cell is named by its start, not echoed whole. */
const shown = (value: string): string =>
  value.length > 80 ? `${value.slice(0, 80)}… (${value.length} characters)` : value;

export const refusal = {
  missingEmail: (): Refusal => ({
    code: 'missing_email',
    field: 'email',
    value: '',
    message: 'There is no email address.',
    fix: 'Fill in the email address or delete the entry.',
  }),
  invalidEmail: (value: string, suggestion?: string): Refusal => ({
    code: 'invalid_email',
    field: 'email',
    value: shown(value),
    message: suggestion
      ? `"${value}" has extra characters around the address.`
      : `"${shown(value)}" is not a valid email address: check it for typos or missing parts.`,
    fix: suggestion
      ? `Keep only the address: ${suggestion}`
      : 'Correct the address (name@domain.com) or delete the entry.',
    ...(suggestion ? { suggestion } : {}),
  }),
  /** `firstAt` names where the address came first ("line 3"); without it, "in this request". */
  duplicate: (value: string, email: string, firstAt?: string): Refusal => ({
    code: 'duplicate',
    field: 'email',
    value,
    message: firstAt
      ? `${email} is already on ${firstAt}.`
      : `${email} appears more than once in this request; it was invited once.`,
    fix: 'Delete one of the two (addresses compare without regard to case).',
  }),
  unknownOrganization: (ref: string): Refusal => ({
    code: 'unknown_organization',
    field: 'organization',
    value: ref,
    message: `No organization has the id or slug "${ref}".`,
    fix: 'Use the slug or id shown in the Organizations tab, or leave the organization empty.',
  }),
  unknownRole: (role: string, roles: readonly string[]): Refusal => ({
    code: 'unknown_role',
    field: 'role',
    value: role,
    message: `"${role}" is not a role of this portal: use one of ${list(roles)} (Settings → Invitations lists them).`,
    fix: `Use one of ${list(roles)}, or leave it empty for the default.`,
  }),
  roleAboveOwn: (role: string, grantorRole: string): Refusal => ({
    code: 'role_above_own',
    field: 'role',
    value: role,
    message: `You cannot invite with the role "${role}": it is above your own ("${grantorRole}").`,
    fix: `Use "${grantorRole}" or a role below it, or ask someone with a higher role.`,
  }),
  teamWithoutOrganization: (ref: string): Refusal => ({
    code: 'unknown_team',
    field: 'teams',
    value: ref,
    message: 'Teams belong to an organization: choose the organization before its teams.',
    fix: 'Give the organization, or leave the teams empty.',
  }),
  unknownTeam: (ref: string, organization: Pick<OrganizationRow, 'name' | 'teams'>): Refusal => ({
    code: 'unknown_team',
    field: 'teams',
    value: ref,
    message: `${organization.name} has no team "${ref}".`,
    fix: organization.teams?.length
      ? `Use one of: ${list(organization.teams.map((t) => t.name))}.`
      : `Create the team in ${organization.name} first.`,
  }),
  domainNotAllowed: (
    value: string,
    email: string,
    organization: Pick<OrganizationRow, 'name' | 'allowedDomains'>
  ): Refusal => ({
    code: 'domain_not_allowed',
    field: 'email',
    value,
    message: `${emailDomain(email)} is not an allowed domain of ${organization.name}: allowed are ${list(organization.allowedDomains ?? [])}.`,
    fix: "Use an address of an allowed domain, or change the organization's allowed domains.",
  }),
  alreadyMember: (value: string, email: string, organization: Pick<OrganizationRow, 'name'> | null): Refusal => ({
    code: 'already_member',
    field: 'email',
    value,
    message: organization
      ? `${email} is already a member of ${organization.name}.`
      : `${email} already has an account on this portal.`,
    fix: 'Nothing to do: delete the entry.',
  }),
  alreadyInvited: (value: string, email: string): Refusal => ({
    code: 'already_invited',
    field: 'email',
    value,
    message: `${email} already has a pending invitation.`,
    fix: 'Resend or revoke it from Invites Sent instead.',
  }),
  /** A value longer than its column holds: refused whole rather than cut (a cut name is a wrong name). */
  tooLong: (field: RefusalField, value: string, max: number): Refusal => ({
    code: 'too_long',
    field,
    value: shown(value),
    message: `${field} is ${value.length.toLocaleString('en')} characters long; at most ${max} fit.`,
    fix: `Shorten ${field} to ${max} characters or fewer.`,
  }),
  /** Invitation fields that do not fit the portal's definitions (Settings → Invitations → Fields). */
  invalidFields: (problems: readonly FieldProblem[]): Refusal => ({
    code: 'invalid_fields',
    field: 'customFields',
    value: problems[0].key,
    message: `${describeProblems(problems)}.`,
    fix: 'Fill in the fields as the portal defines them (Settings → Invitations → Fields lists each with its type).',
    problems: [...problems],
  }),
  limitReached: (value: string, organization: Pick<OrganizationRow, 'name' | 'pendingLimit'>): Refusal => ({
    code: 'limit_reached',
    field: 'email',
    value,
    message: `${organization.name} has reached its limit of ${organization.pendingLimit} pending invitations.`,
    fix: 'Revoke pending invitations, wait for answers, or raise the limit.',
  }),
};

/** The role an invitation grants: the one asked for, else the organization's default, else the portal's. */
export const roleFor = (
  requested: string | null | undefined,
  organization: Pick<OrganizationRow, 'defaultRole'> | null,
  defaultRole: string
): string => requested || organization?.defaultRole || defaultRole;

/** Refuses a role that is not configured. The one role check of invites, organizations and members. */
export const checkRole = (role: string, roles: readonly string[]): Refusal | null =>
  roles.includes(role) ? null : refusal.unknownRole(role, roles);

/** Teams of `organization` by documentId or name (names compare without regard to case). */
export const matchTeams = (
  organization: Pick<OrganizationRow, 'name' | 'teams'> | null,
  refs: readonly string[]
): { teams: TeamRow[] } | Refusal => {
  if (refs.length === 0) return { teams: [] };
  if (!organization) return refusal.teamWithoutOrganization(refs[0]);
  const teams: TeamRow[] = [];
  for (const ref of refs) {
    const team = organization.teams?.find((t) => t.documentId === ref || t.name.toLowerCase() === ref.toLowerCase());
    if (!team) return refusal.unknownTeam(ref, organization);
    if (!teams.includes(team)) teams.push(team);
  }
  return { teams };
};

/** Hours an invitation stays valid: the request's, else the organization's, else the portal's. */
export const lifetimeHours = (
  requested: number | null | undefined,
  organization: Pick<OrganizationRow, 'expiresInHours'> | null,
  defaultHours: number
): number => requested ?? organization?.expiresInHours ?? defaultHours;

/** Each refusal as an error, for entry points that refuse a whole request rather than report per entry. */
const ERROR_OF: Record<RefusalCode, { status: ErrorStatus; code: ErrorCode }> = {
  missing_email: { status: 400, code: 'INVALID_EMAIL' },
  invalid_email: { status: 400, code: 'INVALID_EMAIL' },
  duplicate: { status: 400, code: 'VALIDATION_ERROR' },
  unknown_organization: { status: 400, code: 'UNKNOWN_ORGANIZATION' },
  unknown_role: { status: 400, code: 'UNKNOWN_ROLE' },
  unknown_team: { status: 400, code: 'UNKNOWN_TEAM' },
  domain_not_allowed: { status: 400, code: 'DOMAIN_NOT_ALLOWED' },
  already_member: { status: 409, code: 'ALREADY_MEMBER' },
  // Only "send new invitation" refuses this one as a whole: another invitation got there first.
  already_invited: { status: 400, code: 'INVALID_TRANSITION' },
  limit_reached: { status: 400, code: 'PENDING_LIMIT_REACHED' },
  too_long: { status: 400, code: 'VALIDATION_ERROR' },
  role_above_own: { status: 403, code: 'FORBIDDEN' },
  invalid_fields: { status: 400, code: 'VALIDATION_ERROR' },
};

/** Refusals about a request's shared fields (organization, role, teams, custom fields) rather than one of its addresses. */
export const isRequestRefusal = (r: Pick<Refusal, 'field'>): boolean => r.field !== 'email';

export const refusalError = (r: Refusal): InvitationError => {
  const { status, code } = ERROR_OF[r.code];
  return new InvitationError(status, code, r.message, {
    result: r.code,
    [r.field]: r.value,
    ...(r.problems ? { errors: r.problems.map((p) => ({ path: `customFields.${p.key}`, message: p.message })) } : {}),
  });
};
