import { ACTIONS, actionId, type ActionKey } from '../../shared/contracts';

/** The plugin's actions as `useRBAC` and `Page.Protect` take them, from the same list the server registers. */
export const PERMISSIONS = Object.fromEntries(
  Object.entries(ACTIONS).map(([key, action]) => [key, [{ action: actionId(action), subject: null }]])
) as Record<ActionKey, { action: string; subject: null }[]>;
