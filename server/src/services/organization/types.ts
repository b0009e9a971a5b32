import type { Onboarding } from '../../../../shared/contracts';

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

export interface OrganizationInput {
  name?: string;
  slug?: string;
  allowedDomains?: string[];
  pendingLimit?: number | null;
  onboarding?: Onboarding;
  defaultRole?: string | null;
  expiresInHours?: number | null;
}
