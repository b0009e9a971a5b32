import { ApiError } from './api';

/** How a page tells the user what just happened (a notice above its content). */
export type Feedback = (tone: 'success' | 'error', text: string) => void;

/** The server's explanation of a refusal, or a fallback when it could not be reached. */
export const messageOf = (error: unknown, fallback = 'Something went wrong. Try again.'): string =>
  error instanceof ApiError ? error.message : fallback;

/**
 * A handler for a list's action buttons: run the change, say how it went, and reload the list either
 * way (a refusal often means someone else changed it meanwhile).
 */
export const actionRunner =
  (notify: Feedback, reload: () => Promise<void>) =>
  async (action: () => Promise<string>): Promise<void> => {
    try {
      notify('success', await action());
    } catch (error) {
      notify('error', messageOf(error));
    }
    await reload().catch((error: unknown) => notify('error', messageOf(error, 'Could not reload the list.')));
  };
