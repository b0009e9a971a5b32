import { useEffect, useState } from 'react';
import { ApiError, api } from './api';

/**
 * The token of a link a mail or a campaign carried: in the fragment (`#token=…`, which no server ever
 * receives) or, from a page URL without `#`, in the query. Taken out of the address bar at once (no
 * bookmark, history entry or screen share keeps it) and kept for this tab only, under `key`.
 */
const takeLinkToken = (key: string): string | null => {
  const fromLink =
    new URLSearchParams(window.location.hash.slice(1)).get('token') ??
    new URLSearchParams(window.location.search).get('token');
  if (fromLink) {
    sessionStorage.setItem(key, fromLink);
    window.history.replaceState(null, '', window.location.pathname);
  }
  return fromLink ?? sessionStorage.getItem(key);
};

/** Where a page opened by a link stands before its own steps (accepted, joined, …) take over. */
export type LinkState<Preview> =
  | { step: 'loading' }
  | { step: 'no-token' }
  | { step: 'gone'; error: ApiError }
  | { step: 'open'; preview: Preview };

/**
 * The link's token and what `previewPath` says about it, for the accept and join pages. Another link
 * opened in the same tab only changes the fragment (the page does not reload): it is read again.
 * `finish` moves to a final step and forgets the token.
 */
export function useLinkPreview<Preview, Final extends { step: string }>(key: string, previewPath: string) {
  const [token, setToken] = useState(() => takeLinkToken(key));
  const [state, setState] = useState<LinkState<Preview> | Final>(token ? { step: 'loading' } : { step: 'no-token' });

  useEffect(() => {
    const onHashChange = () => {
      const next = takeLinkToken(key);
      if (next) setToken(next);
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, [key]);

  useEffect(() => {
    if (!token) return;
    setState({ step: 'loading' });
    api<{ data: Preview }>(previewPath, { method: 'POST', body: { token }, signedIn: false })
      .then(({ data }) => setState({ step: 'open', preview: data }))
      .catch((error: unknown) =>
        setState({
          step: 'gone',
          error: error instanceof ApiError ? error : new ApiError(0, null, 'The server could not be reached.'),
        })
      );
  }, [token, previewPath]);

  const finish = (next: Final) => {
    sessionStorage.removeItem(key);
    setState(next);
  };

  return { token, state, setState, finish };
}
