import { useCallback } from 'react';
import { useClipboard, useNotification } from '@strapi/strapi/admin';
import { errorMessage } from '../api/client';
import { useJoinLinkActions } from '../api/join-links';
import { useT } from './useT';

/**
 * "Copy link" of a join link: the URL at hand (just created or rotated), or fetched again (the server
 * re-derives it and audits the copy), put on the clipboard with a notification either way.
 */
export const useCopyJoinLink = () => {
  const t = useT();
  const { url } = useJoinLinkActions();
  const { copy } = useClipboard();
  const { toggleNotification } = useNotification();
  return useCallback(
    async (link: { documentId: string; label: string }, known?: string) => {
      try {
        if (!(await copy(known ?? (await url(link.documentId))))) throw new Error(t('joinLinks.copyFailed'));
        toggleNotification({ type: 'success', message: t('joinLinks.copied', { label: link.label }) });
      } catch (failure) {
        toggleNotification({ type: 'danger', message: errorMessage(failure, t('joinLinks.copyFailed')) });
      }
    },
    [url, copy, toggleNotification, t]
  );
};
