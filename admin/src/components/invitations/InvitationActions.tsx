import { useState } from 'react';
import { Flex, IconButton } from '@strapi/design-system';
import { ArrowClockwise, Link as LinkIcon, Mail, Trash } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { errorMessage } from '../../api/client';
import { useInvitationActions } from '../../api/invitations';
import { useCopyInvitationLink } from '../../hooks/useCopyInvitationLink';
import type { PluginPermissions } from '../../hooks/usePluginPermissions';
import { useT } from '../../hooks/useT';
import type { Invitation } from '../../types';

interface InvitationActionsProps {
  invitation: Invitation;
  permissions: PluginPermissions;
  /** The invitation changed (resent, renewed): reload the list. */
  onChanged: () => void;
  /** Open the remove dialog for this invitation. */
  onRemove: () => void;
}

/** One row's actions in Invites Sent: copy link and resend while pending, renew once expired, remove. */
export const InvitationActions = ({ invitation, permissions, onChanged, onRemove }: InvitationActionsProps) => {
  const t = useT();
  const actions = useInvitationActions();
  const copyInvitationLink = useCopyInvitationLink();
  const { toggleNotification } = useNotification();
  const [busy, setBusy] = useState(false);

  /** Resend or renew: the server answers, the list reloads, a notification says how it went. */
  const act = async (
    request: (documentId: string) => Promise<unknown>,
    done: 'invites.resent' | 'invites.reissued'
  ) => {
    setBusy(true);
    try {
      await request(invitation.documentId);
      onChanged();
      toggleNotification({ type: 'success', message: t(done, { email: invitation.email }) });
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error, t('invites.actionFailed')) });
    } finally {
      setBusy(false);
    }
  };
  const copyLink = async () => {
    setBusy(true);
    await copyInvitationLink(invitation);
    setBusy(false);
  };

  return (
    <Flex gap={1} justifyContent="flex-end">
      {permissions.invite && invitation.status === 'pending' && (
        <>
          <IconButton
            label={t('invites.copyLink', { email: invitation.email })}
            variant="ghost"
            disabled={busy}
            onClick={copyLink}
          >
            <LinkIcon />
          </IconButton>
          <IconButton
            label={t('invites.resend', { email: invitation.email })}
            variant="ghost"
            disabled={busy}
            onClick={() => act(actions.resend, 'invites.resent')}
          >
            <ArrowClockwise />
          </IconButton>
        </>
      )}
      {permissions.invite && invitation.status === 'expired' && (
        <IconButton
          label={t('invites.reissue', { email: invitation.email })}
          variant="ghost"
          disabled={busy}
          onClick={() => act(actions.reissue, 'invites.reissued')}
        >
          <Mail />
        </IconButton>
      )}
      {permissions.revoke && invitation.status === 'pending' && (
        <IconButton
          label={t('invites.remove', { email: invitation.email })}
          variant="ghost"
          disabled={busy}
          onClick={onRemove}
        >
          <Trash />
        </IconButton>
      )}
    </Flex>
  );
};
