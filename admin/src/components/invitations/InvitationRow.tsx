import { useIntl } from 'react-intl';
import { Badge, Box, Checkbox, Flex, Td, Tooltip, Tr, Typography } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';
import type { PluginPermissions } from '../../hooks/usePluginPermissions';
import { configuredLabel, useT } from '../../hooks/useT';
import type { FieldDefinition, Invitation, InvitationStatus } from '../../types';
import { FieldAnswers } from '../fields/FieldAnswers';
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
  /** To label the invitation's fields under its address. */
  fieldDefinitions: readonly FieldDefinition[];
  permissions: PluginPermissions;
  selected: boolean;
  onSelect: (selected: boolean) => void;
  onChanged: () => void;
  onRemove: () => void;
}

/** One invitation in Invites Sent: who, where, its status and delivery, and what an admin can do with it. */
export const InvitationRow = ({
  invitation: row,
  fieldDefinitions,
  permissions,
  selected,
  onSelect,
  onChanged,
  onRemove,
}: InvitationRowProps) => {
  const t = useT();
  const { formatDate } = useIntl();
  // The list shows the day; the time is in the tooltip (a full date and time per column would push
  // the row actions off a 1440 px page).
  const day = (value: string) => formatDate(value, { dateStyle: 'medium' });
  const dateTime = (value: string) => formatDate(value, { dateStyle: 'medium', timeStyle: 'short' });
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
        <Clipped text={row.email} width="14rem" fontWeight="semiBold" />
        <Box maxWidth="14rem">
          <FieldAnswers values={row.customFields} definitions={fieldDefinitions} />
        </Box>
      </Td>
      <Td>
        <Clipped text={name} width="9rem" />
      </Td>
      <Td>
        <Clipped
          text={row.organization?.name ?? (row.partnerName ? t('invites.newPartner', { name: row.partnerName }) : '—')}
          width="11rem"
        />
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
        <Clipped text={row.invitedBy?.name ?? t('invites.system')} width="9rem" />
      </Td>
      <Td>
        {row.delivery.lastSentAt ? (
          <Typography title={dateTime(row.delivery.lastSentAt)}>{day(row.delivery.lastSentAt)}</Typography>
        ) : (
          <Typography>{row.delivery.status === 'cancelled' ? '—' : t('invites.notSentYet')}</Typography>
        )}
      </Td>
      <Td>
        <Typography title={dateTime(row.expiresAt)}>{day(row.expiresAt)}</Typography>
      </Td>
      <Td>
        <InvitationActions invitation={row} permissions={permissions} onChanged={onChanged} onRemove={onRemove} />
      </Td>
    </Tr>
  );
};

/**
 * A cell's text cut with an ellipsis past `width` (the whole of it in the tooltip), so that long
 * addresses and organization names never push the Expires column and the row actions off a 1440 px page.
 */
const Clipped = ({ text, width, fontWeight }: { text: string; width: string; fontWeight?: 'semiBold' }) => (
  <Box maxWidth={width}>
    <Typography ellipsis title={text} fontWeight={fontWeight} tag="div">
      {text}
    </Typography>
  </Box>
);
