import type { Onboarding, OrganizationDto } from '../../../../shared/contracts';

/** An organization row as the query engine returns it: the DTO, with its teams' row ids. */
export type OrganizationRow = Omit<OrganizationDto, 'teams'> & { teams?: TeamRow[] };

/** The columns admission decides with (domains, limit, onboarding, defaults): what invitation reads bring along. */
export const ORGANIZATION_RULE_FIELDS = [
  'id',
  'documentId',
  'name',
  'slug',
  'allowedDomains',
  'pendingLimit',
  'onboarding',
  'defaultRole',
  'expiresInHours',
  'isPartner',
] as const;

export interface TeamRow {
  id: number;
  documentId: string;
  name: string;
}

export interface OrganizationInput {
  name?: string;
  slug?: string;
  allowedDomains?: string[];
  pendingLimit?: number | null;
  onboarding?: Onboarding;
  defaultRole?: string | null;
  expiresInHours?: number | null;
}
