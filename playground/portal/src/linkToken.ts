/**
 * The token of a link a mail or a campaign carried: in the fragment (`#token=…`, which no server ever
 * receives) or, from a page URL without `#`, in the query. Taken out of the address bar at once (no
 * bookmark, history entry or screen share keeps it) and kept for this tab only, under `key`.
 */
export const takeLinkToken = (key: string): string | null => {
  const fromLink =
    new URLSearchParams(window.location.hash.slice(1)).get('token') ??
    new URLSearchParams(window.location.search).get('token');
  if (fromLink) {
    sessionStorage.setItem(key, fromLink);
    window.history.replaceState(null, '', window.location.pathname);
  }
  return fromLink ?? sessionStorage.getItem(key);
};
