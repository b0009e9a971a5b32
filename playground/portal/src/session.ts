import { useEffect, useState } from 'react';
import { loadSession, onSessionChange, type Session } from './api';

/** The signed-in user's session, kept in step with sign-in, sign-out and token refreshes. */
export function useSession(): Session | null {
  const [session, setSession] = useState<Session | null>(loadSession);
  useEffect(() => onSessionChange(setSession), []);
  return session;
}

/** The organization the portal's header opens (the user's choice in "My organizations"). */
const CURRENT_ORGANIZATION_KEY = 'portal.currentOrganization';

export const currentOrganization = (): string | null => localStorage.getItem(CURRENT_ORGANIZATION_KEY);

export const chooseOrganization = (slug: string): void => localStorage.setItem(CURRENT_ORGANIZATION_KEY, slug);
