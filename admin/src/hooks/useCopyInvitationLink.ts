import { useCallback } from 'react';
import { useClipboard, useFetchClient, useNotification } from '@strapi/strapi/admin';
import { apiPath, errorMessage } from './useApi';
import { useT } from './useT';

/**
 * "Copy link": fetches the invitation's accept link (the server re-derives it from the stored secret and
 * audits the copy) and puts it on the clipboard, with a notification either way.
 */
export const useCopyInvitationLink = () => {
  const t = useT();
  const { get } = useFetchClient();
  const { copy } = useClipboard();
  const { toggleNotification } = useNotification();
  return useCallback(
    async (invitation: { documentId: string; email: string }) => {
      try {
        const { data } = await get<{ data: { link: string } }>(apiPath(`/invitations/${invitation.documentId}/link`));
        if (!(await copy(data.data.link))) throw new Error(t('invites.copyFailed'));
        toggleNotification({ type: 'success', message: t('invites.copied', { email: invitation.email }) });
      } catch (failure) {
        toggleNotification({ type: 'danger', message: errorMessage(failure, t('invites.copyFailed')) });
      }
    },
    [get, copy, toggleNotification, t]
  );
};
