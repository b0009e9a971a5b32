export type Onboarding = 'auto' | 'approval';

export interface OrganizationRow {
  id: number;
  documentId: string;
  name: string;
  slug: string;
  allowedDomains: string[] | null;
  pendingLimit: number | null;
  onboarding: Onboarding;
  defaultRole: string | null;
  expiresInHours: number | null;
  createdAt?: string;
  updatedAt?: string;
  teams?: TeamRow[];
}

export interface TeamRow {
  id: number;
  documentId: string;
  name: string;
}

/** An organization as the panel's pickers show it (any admin with `read` may list these). */
export interface OrganizationChoice {
  documentId: string;
  name: string;
  slug: string;
  allowedDomains: string[];
  teams: { documentId: string; name: string }[];
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
