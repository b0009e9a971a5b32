/** Words the pages share. */

export const roleLabel = (role: string): string => role.charAt(0).toUpperCase() + role.slice(1);

export const dateLabel = (iso: string | null): string =>
  iso ? new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' }) : '—';

export const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;
