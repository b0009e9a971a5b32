import type { ErrorBody, ErrorCode } from '../../../shared/contracts';

/**
 * The reference portal's only door to Strapi: the Content API, as any portal frontend calls it.
 * users-permissions signs people in (`/api/auth/local`, refresh tokens); the plugin's routes live
 * under `/api/invitations`.
 */

export interface PortalUser {
  id: number;
  email: string;
  username: string;
}

export interface Session {
  jwt: string;
  /** users-permissions' refresh mode (`jwtManagement: 'refresh'`) hands one out with every sign-in. */
  refreshToken: string | null;
  user: PortalUser;
}

/** A refused request: Strapi's status, the plugin's `details.code` and the message meant for people. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | null,
    message: string,
    readonly details: Record<string, unknown> = {}
  ) {
    super(message);
  }
}

// localStorage keeps people signed in across tabs and reloads; a production portal may prefer
// users-permissions' httpOnly refresh cookie (`sessions.httpOnly`).
const SESSION_KEY = 'portal.session';

export const loadSession = (): Session | null => {
  try {
    const stored = localStorage.getItem(SESSION_KEY);
    return stored ? (JSON.parse(stored) as Session) : null;
  } catch {
    return null;
  }
};

const listeners = new Set<(session: Session | null) => void>();

export const saveSession = (session: Session | null): void => {
  if (session) localStorage.setItem(SESSION_KEY, JSON.stringify(session));
  else localStorage.removeItem(SESSION_KEY);
  listeners.forEach((listener) => listener(session));
};

export const onSessionChange = (listener: (session: Session | null) => void): (() => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  /** A multipart body (the CSV import). */
  form?: FormData;
  /** Send the signed-in user's JWT (default true when signed in). */
  signedIn?: boolean;
}

const errorOf = async (response: Response): Promise<ApiError> => {
  const body = (await response.json().catch(() => null)) as Partial<ErrorBody> | null;
  const error = body?.error;
  return new ApiError(
    response.status,
    (error?.details?.code as ErrorCode | undefined) ?? null,
    error?.message || `The server answered ${response.status}. Try again in a moment.`,
    (error?.details as Record<string, unknown> | undefined) ?? {}
  );
};

/** Trades the refresh token for a new access token; false when the session is over. */
const refresh = async (session: Session): Promise<Session | null> => {
  if (!session.refreshToken) return null;
  const response = await fetch('/api/auth/refresh', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ refreshToken: session.refreshToken }),
  });
  if (!response.ok) return null;
  const { jwt, refreshToken } = (await response.json()) as { jwt: string; refreshToken?: string };
  return { ...session, jwt, refreshToken: refreshToken ?? session.refreshToken };
};

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const send = (session: Session | null) => {
    const headers: Record<string, string> = {};
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    if (session && options.signedIn !== false) headers.Authorization = `Bearer ${session.jwt}`;
    return fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.form ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined),
    });
  };

  const session = loadSession();
  let response = await send(session);
  if (response.status === 401 && session && options.signedIn !== false) {
    // The access token lapsed (30 minutes by default): refresh once, or end the session.
    const renewed = await refresh(session);
    saveSession(renewed);
    if (!renewed) throw new ApiError(401, 'UNAUTHENTICATED', 'Your session has ended. Sign in again.');
    response = await send(renewed);
  }
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as T;
}

/** users-permissions' sign-in; the answer becomes the session. */
export async function signIn(identifier: string, password: string): Promise<Session> {
  const answer = await api<{ jwt: string; refreshToken?: string; user: PortalUser }>('/api/auth/local', {
    method: 'POST',
    body: { identifier, password },
    signedIn: false,
  });
  const session = { jwt: answer.jwt, refreshToken: answer.refreshToken ?? null, user: answer.user };
  saveSession(session);
  return session;
}

/**
 * users-permissions' sign-up. Null when the app wants the address confirmed first (no session until
 * the user clicks the confirmation mail).
 */
export async function register(email: string, password: string): Promise<Session | null> {
  const answer = await api<{ jwt?: string; refreshToken?: string; user: PortalUser }>('/api/auth/local/register', {
    method: 'POST',
    body: { username: email, email, password },
    signedIn: false,
  });
  if (!answer.jwt) return null;
  const session = { jwt: answer.jwt, refreshToken: answer.refreshToken ?? null, user: answer.user };
  saveSession(session);
  return session;
}

export async function signOut(): Promise<void> {
  const session = loadSession();
  saveSession(null);
  if (!session) return;
  // Ends the refresh session on the server too; signing out locally already happened either way.
  await fetch('/api/auth/logout', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${session.jwt}` },
    body: JSON.stringify({ refreshToken: session.refreshToken }),
  }).catch(() => undefined);
}
