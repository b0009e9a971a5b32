import type { InviteRequest } from '../../../../shared/contracts';

/** An invite request as the validation layer hands it over (validation/invitation.ts). */
export type InviteInput = InviteRequest;

export interface RevokeInput {
  ids: string[];
  reason: string;
  note?: string | null;
}
