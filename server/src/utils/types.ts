import type { Core } from '@strapi/strapi';

export type StrapiContext = { strapi: Core.Strapi };

/** Who did something: written on every audit event. */
export type Actor =
  | { type: 'admin'; id: number; label: string }
  | { type: 'user'; id: number; label: string }
  | { type: 'invitee'; label: string }
  | { type: 'system' };

export const SYSTEM_ACTOR: Actor = { type: 'system' };

/** The admin user Strapi's admin auth puts on `ctx.state.user`. */
export interface AdminUser {
  id: number;
  email: string;
  firstname?: string | null;
  lastname?: string | null;
  username?: string | null;
}

export const adminActor = (user: AdminUser): Actor => ({
  type: 'admin',
  id: user.id,
  label: user.email,
});

/** A users-permissions user as stored. */
export interface EndUser {
  id: number;
  documentId: string;
  username: string;
  email: string;
  confirmed?: boolean;
  blocked?: boolean;
  createdAt?: string;
  updatedAt?: string;
}
