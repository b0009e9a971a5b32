import type { AuditAction } from '../../../../shared/contracts';
import type { Actor } from '../../utils/types';

export interface AuditInput {
  action: AuditAction;
  actor: Actor;
  /** documentId of the invitation, if any */
  invitation?: string | null;
  /** documentId of the organization, if any */
  organization?: string | null;
  data?: Record<string, unknown>;
}

export interface AuditFilters {
  action?: string;
  organization?: string;
  invitation?: string;
  actor?: string;
  from?: Date;
  to?: Date;
}
