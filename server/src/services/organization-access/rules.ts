import type { OrganizationCapability } from '../../../../shared/contracts';

/**
 * Who may do what in their own organization, through the portal. Pure, so that unit tests cover it
 * and the policy, admission and the member routes ask the same questions.
 */

export type CapabilityTable = Readonly<Record<string, readonly OrganizationCapability[]>>;

/** What a membership role may do; a role the table does not list may do nothing. */
export const capabilitiesOf = (role: string, table: CapabilityTable): readonly OrganizationCapability[] =>
  table[role] ?? [];

export const roleCan = (role: string, capability: OrganizationCapability, table: CapabilityTable): boolean =>
  capabilitiesOf(role, table).includes(capability);

/** A role's rank: its place in the configured roles, 0 the highest; an unlisted role ranks below all. */
export const rankOf = (role: string, roles: readonly string[]): number => {
  const index = roles.indexOf(role);
  return index === -1 ? roles.length : index;
};

/** A member grants (invites with, or gives a member) only their own role or one below it. */
export const mayGrant = (grantorRole: string, role: string, roles: readonly string[]): boolean =>
  rankOf(role, roles) >= rankOf(grantorRole, roles);

/** Who keeps an organization manageable: a role that may manage members. */
export const isManagerRole = (role: string, table: CapabilityTable): boolean => roleCan(role, 'members.manage', table);
