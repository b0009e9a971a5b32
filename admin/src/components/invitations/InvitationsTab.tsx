import { useEffect, useMemo, useState } from 'react';
import { useIntl } from 'react-intl';
import {
  Badge,
  Box,
  Button,
  Checkbox,
  Flex,
  IconButton,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tooltip,
  Tr,
  Typography,
  VisuallyHidden,
} from '@strapi/design-system';
import { CaretDown, CaretUp, Plus, Trash, WarningCircle } from '@strapi/icons';
import { useInvitationList } from '../../api/invitations';
import { useDebouncedValue } from '../../hooks/useDebouncedValue';
import type { PluginPermissions } from '../../hooks/usePluginPermissions';
import { configuredLabel, useT } from '../../hooks/useT';
import { INVITATION_STATUSES } from '../../../../shared/contracts';
import type { FormOptions, InvitationSortField, InvitationStatus } from '../../types';
import { PaginationFooter } from '../common/PaginationFooter';
import { SearchField } from '../common/SearchField';
import { EmptyState, ResourceView } from '../common/StateViews';
import { InvitationActions } from './InvitationActions';
import { RemoveDialog, type RemoveTarget } from './RemoveDialog';

// A real option value: the design system shows an empty value as its placeholder next to the label.
const ALL = 'all';
const PAGE_SIZE = 20;

export const STATUS_BADGE: Record<InvitationStatus, 'primary' | 'success' | 'neutral' | 'warning' | 'danger'> = {
  pending: 'primary',
  accepted: 'success',
  declined: 'neutral',
  expired: 'warning',
  revoked: 'danger',
};

type SortField = InvitationSortField;

interface InvitationsTabProps {
  options: FormOptions;
  permissions: PluginPermissions;
  /** Changes when invitations were created elsewhere (the Invite Partners dialog): reload. */
  refreshKey: number;
  onInvite: () => void;
}

export const InvitationsTab = ({ options, permissions, refreshKey, onInvite }: InvitationsTabProps) => {
  const t = useT();
  const { formatDate } = useIntl();
  const [status, setStatus] = useState<string>(ALL);
  const [search, setSearch] = useState('');
  const debouncedSearch = useDebouncedValue(search.trim());
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState<{ field: SortField; order: 'asc' | 'desc' }>({ field: 'createdAt', order: 'desc' });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [removeTarget, setRemoveTarget] = useState<RemoveTarget | null>(null);

  const list = useInvitationList(
    {
      page,
      pageSize: PAGE_SIZE,
      status: status === ALL ? undefined : status,
      search: debouncedSearch,
      sort: `${sort.field}:${sort.order}`,
    },
    t('invites.loadFailed')
  );
  const { reload } = list;
  useEffect(() => {
    if (refreshKey > 0) reload();
  }, [refreshKey, reload]);
  const rows = useMemo(() => list.data?.results ?? [], [list.data]);
  // Only pending invitations can be removed, so only they can be selected.
  const selectable = rows.filter((row) => row.status === 'pending');
  const allSelected = selectable.length > 0 && selectable.every((row) => selected.has(row.documentId));
  const someSelected = selectable.some((row) => selected.has(row.documentId));

  // A selection never outlives the rows it was made on.
  useEffect(() => setSelected(new Set()), [page, status, debouncedSearch, sort, refreshKey]);

  const toggleSort = (field: SortField) =>
    setSort((current) => ({ field, order: current.field === field && current.order === 'asc' ? 'desc' : 'asc' }));

  const dateTime = (value: string | null) =>
    value ? formatDate(value, { dateStyle: 'medium', timeStyle: 'short' }) : '—';

  const sortableHeader = (field: SortField, label: string) => (
    <Th
      action={
        <IconButton label={t('table.sortBy', { column: label })} variant="ghost" onClick={() => toggleSort(field)}>
          {sort.field === field && sort.order === 'asc' ? <CaretUp /> : <CaretDown />}
        </IconButton>
      }
    >
      <Typography variant="sigma" textColor={sort.field === field ? 'primary600' : 'neutral600'}>
        {label}
      </Typography>
    </Th>
  );

  const plainHeader = (label: string) => (
    <Th>
      <Typography variant="sigma">{label}</Typography>
    </Th>
  );

  const selectedIds = [...selected];

  return (
    <Box>
      <Flex gap={4} paddingBottom={4} wrap="wrap" justifyContent="space-between">
        <Flex gap={4}>
          <SearchField
            label={t('search.placeholder')}
            value={search}
            onChange={(value) => {
              setSearch(value);
              setPage(1);
            }}
          />
          <Box width="220px">
            <SingleSelect
              aria-label={t('filter.status')}
              value={status}
              onChange={(value: string | number) => {
                setStatus(String(value));
                setPage(1);
              }}
            >
              <SingleSelectOption value={ALL}>{t('filter.status.all')}</SingleSelectOption>
              {INVITATION_STATUSES.map((s) => (
                <SingleSelectOption key={s} value={s}>
                  {t(`status.${s}`)}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Box>
        </Flex>
        {permissions.revoke && (
          <Button
            variant="danger-light"
            startIcon={<Trash />}
            disabled={selectedIds.length === 0}
            onClick={() =>
              setRemoveTarget({ ids: selectedIds, label: t('invites.countLabel', { count: selectedIds.length }) })
            }
          >
            {t('invites.removeAll', { count: selectedIds.length })}
          </Button>
        )}
      </Flex>

      <ResourceView
        resource={list}
        loadingLabel={t('invites.loading')}
        isEmpty={rows.length === 0}
        empty={
          <EmptyState
            message={status === ALL && !debouncedSearch ? t('invites.empty') : t('invites.emptyFiltered')}
            action={
              permissions.invite && status === ALL && !debouncedSearch ? (
                <Button variant="secondary" startIcon={<Plus />} onClick={onInvite}>
                  {t('invite.open')}
                </Button>
              ) : undefined
            }
          />
        }
      >
        <Table colCount={11} rowCount={rows.length + 1}>
          <Thead>
            <Tr>
              <Th>
                <Checkbox
                  aria-label={t('invites.selectAll')}
                  disabled={!permissions.revoke || selectable.length === 0}
                  checked={allSelected ? true : someSelected ? 'indeterminate' : false}
                  onCheckedChange={(checked: boolean | 'indeterminate') =>
                    setSelected(checked === true ? new Set(selectable.map((row) => row.documentId)) : new Set())
                  }
                />
              </Th>
              {sortableHeader('email', t('table.email'))}
              {plainHeader(t('table.name'))}
              {plainHeader(t('table.organization'))}
              {sortableHeader('role', t('table.role'))}
              {sortableHeader('status', t('table.status'))}
              {plainHeader(t('table.delivery'))}
              {plainHeader(t('table.invitedBy'))}
              {sortableHeader('lastSentAt', t('table.sentAt'))}
              {sortableHeader('expiresAt', t('table.expiresAt'))}
              <Th>
                <VisuallyHidden>{t('table.actions')}</VisuallyHidden>
              </Th>
            </Tr>
          </Thead>
          <Tbody>
            {rows.map((row) => {
              const name = [row.firstName, row.lastName].filter(Boolean).join(' ') || row.partnerName || '—';
              return (
                <Tr key={row.documentId} data-email={row.email}>
                  <Td>
                    <Checkbox
                      aria-label={t('invites.select', { email: row.email })}
                      disabled={!permissions.revoke || row.status !== 'pending'}
                      checked={selected.has(row.documentId)}
                      onCheckedChange={(checked: boolean | 'indeterminate') =>
                        setSelected((current) => {
                          const next = new Set(current);
                          if (checked === true) next.add(row.documentId);
                          else next.delete(row.documentId);
                          return next;
                        })
                      }
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
                      {row.organization?.name ??
                        (row.partnerName ? t('invites.newPartner', { name: row.partnerName }) : '—')}
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
                      {row.delivery.lastSentAt ? dateTime(row.delivery.lastSentAt) : t('invites.notSentYet')}
                    </Typography>
                  </Td>
                  <Td>
                    <Typography>{dateTime(row.expiresAt)}</Typography>
                  </Td>
                  <Td>
                    <InvitationActions
                      invitation={row}
                      permissions={permissions}
                      onChanged={list.reload}
                      onRemove={() => setRemoveTarget({ ids: [row.documentId], label: row.email })}
                    />
                  </Td>
                </Tr>
              );
            })}
          </Tbody>
        </Table>
        {list.data && <PaginationFooter pagination={list.data.pagination} onPage={setPage} noun={t('invites.noun')} />}
      </ResourceView>
      <RemoveDialog
        target={removeTarget}
        reasons={options.revokeReasons}
        onClose={() => setRemoveTarget(null)}
        onRemoved={() => {
          setRemoveTarget(null);
          setSelected(new Set());
          list.reload();
        }}
      />
    </Box>
  );
};
