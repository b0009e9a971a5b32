import type { ReactNode } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { signOut } from '../api';
import { useSession } from '../session';

export const PORTAL_NAME = 'Partner Portal';

/** Header (portal name, the user, sign out) and the page's content. */
export function Layout({ children }: { children: ReactNode }) {
  const session = useSession();
  const navigate = useNavigate();
  return (
    <>
      <header className="topbar">
        <Link to="/" className="brand">
          {PORTAL_NAME}
        </Link>
        {session ? (
          <nav aria-label="Account">
            <Link to="/organizations">My organizations</Link>
            <span className="muted">{session.user.email}</span>
            <button
              type="button"
              className="link"
              onClick={async () => {
                await signOut();
                navigate('/sign-in');
              }}
            >
              Sign out
            </button>
          </nav>
        ) : (
          <nav aria-label="Account">
            <Link to="/sign-in">Sign in</Link>
          </nav>
        )}
      </header>
      <main>{children}</main>
    </>
  );
}

/** A message box: `role="alert"` for errors, `role="status"` for the rest, so screen readers say it. */
export function Notice({ tone, children }: { tone: 'error' | 'success' | 'info' | 'warning'; children: ReactNode }) {
  return (
    <div className={`notice notice-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
