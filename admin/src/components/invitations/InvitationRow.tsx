import { useIntl } from 'react-intl';
import { Badge, Checkbox, Flex, Td, Tooltip, Tr, Typography } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';
import type { PluginPermissions } from '../../hooks/usePluginPermissions';
import { configuredLabel, useT } from '../../hooks/useT';
import type { Invitation, InvitationStatus } from '../../types';
import { InvitationActions } from './InvitationActions';

export const STATUS_BADGE: Record<InvitationStatus, 'primary' | 'success' | 'neutral' | 'warning' | 'danger'> = {
  pending: 'primary',
  accepted: 'success',
  declined: 'neutral',
  expired: 'warning',
  revoked: 'danger',
};

interface InvitationRowProps {
  invitation: Invitation;
  permissions: PluginPermissions;
  selected: boolean;
  onSelect: (selected: boolean) => void;
  onChanged: () => void;
  onRemove: () => void;
}

/** One invitation in Invites Sent: who, where, its status and delivery, and what an admin can do with it. */
export const InvitationRow = ({
  invitation: row,
  permissions,
  selected,
  onSelect,
  onChanged,
  onRemove,
}: InvitationRowProps) => {
  const t = useT();
  const { formatDate } = useIntl();
  const dateTime = (value: string | null) =>
    value ? formatDate(value, { dateStyle: 'medium', timeStyle: 'short' }) : '—';
  const name = [row.firstName, row.lastName].filter(Boolean).join(' ') || row.partnerName || '—';
  return (
    <Tr data-email={row.email}>
      <Td>
        <Checkbox
          aria-label={t('invites.select', { email: row.email })}
          disabled={!permissions.revoke || row.status !== 'pending'}
          checked={selected}
          onCheckedChange={(checked: boolean | 'indeterminate') => onSelect(checked === true)}
        />
      </Td>
      <Td>
        <Typography fontWeight="semiBold">{row.email}</Typography>
      </Td>
      <Td>
        <Typography>{name}</Typography>
      </Td>
      <Td>
        <Typography>
          {row.organization?.name ?? (row.partnerName ? t('invites.newPartner', { name: row.partnerName }) : '—')}
        </Typography>
      </Td>
      <Td>
        <Typography>{configuredLabel(t, 'role', row.role)}</Typography>
      </Td>
      <Td>
        <Badge variant={STATUS_BADGE[row.status]}>{t(`status.${row.status}`)}</Badge>
      </Td>
      <Td>
        {row.delivery.status === 'failed' ? (
          <Tooltip label={row.delivery.lastError ?? t('delivery.failed')}>
            <Flex gap={1}>
              <WarningCircle fill="danger600" />
              <Typography textColor="danger600">
                {t('delivery.failedAfter', { attempts: row.delivery.attempts })}
              </Typography>
            </Flex>
          </Tooltip>
        ) : row.delivery.status === 'queued' && row.delivery.attempts > 0 ? (
          <Tooltip label={row.delivery.lastError ?? ''}>
            <Typography textColor="warning600">
              {t('delivery.retrying', { attempts: row.delivery.attempts })}
            </Typography>
          </Tooltip>
        ) : (
          <Typography textColor="neutral600">{t(`delivery.${row.delivery.status}`)}</Typography>
        )}
      </Td>
      <Td>
        <Typography>{row.invitedBy?.name ?? t('invites.system')}</Typography>
      </Td>
      <Td>
        <Typography>
          {row.delivery.lastSentAt
            ? dateTime(row.delivery.lastSentAt)
            : row.delivery.status === 'cancelled'
              ? '—'
              : t('invites.notSentYet')}
        </Typography>
      </Td>
      <Td>
        <Typography>{dateTime(row.expiresAt)}</Typography>
      </Td>
      <Td>
        <InvitationActions invitation={row} permissions={permissions} onChanged={onChanged} onRemove={onRemove} />
      </Td>
    </Tr>
  );
};
