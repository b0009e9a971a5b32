import { useCallback } from 'react';
import { useClipboard, useNotification } from '@strapi/strapi/admin';
import { errorMessage } from '../api/client';
import { useInvitationActions } from '../api/invitations';
import { useT } from './useT';

/**
 * "Copy link": fetches the invitation's accept link (the server re-derives it from the stored secret and
 * audits the copy) and puts it on the clipboard, with a notification either way.
 */
export const useCopyInvitationLink = () => {
  const t = useT();
  const { link } = useInvitationActions();
  const { copy } = useClipboard();
  const { toggleNotification } = useNotification();
  return useCallback(
    async (invitation: { documentId: string; email: string }) => {
      try {
        if (!(await copy(await link(invitation.documentId)))) throw new Error(t('invites.copyFailed'));
        toggleNotification({ type: 'success', message: t('invites.copied', { email: invitation.email }) });
      } catch (failure) {
        toggleNotification({ type: 'danger', message: errorMessage(failure, t('invites.copyFailed')) });
      }
    },
    [link, copy, toggleNotification, t]
  );
};
