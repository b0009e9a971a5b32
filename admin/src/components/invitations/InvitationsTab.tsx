import { useEffect, useMemo, useState } from 'react';
import {
  Box,
  Button,
  Checkbox,
  Flex,
  IconButton,
  Table,
  Tbody,
  Th,
  Thead,
  Tr,
  Typography,
  VisuallyHidden,
} from '@strapi/design-system';
import { CaretDown, CaretUp, Plus, Trash } from '@strapi/icons';
import { useInvitationList } from '../../api/invitations';
import { useDebouncedValue } from '../../hooks/useDebouncedValue';
import type { PluginPermissions } from '../../hooks/usePluginPermissions';
import { useT } from '../../hooks/useT';
import type { FormOptions, InvitationSortField } from '../../types';
import { PaginationFooter } from '../common/PaginationFooter';
import { EmptyState, ResourceView } from '../common/StateViews';
import { ALL, InvitationFilters } from './InvitationFilters';
import { InvitationRow } from './InvitationRow';
import { RemoveDialog, type RemoveTarget } from './RemoveDialog';

const PAGE_SIZE = 20;

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
        <InvitationFilters
          search={search}
          status={status}
          onSearch={(value) => {
            setSearch(value);
            setPage(1);
          }}
          onStatus={(value) => {
            setStatus(value);
            setPage(1);
          }}
        />
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
            {rows.map((row) => (
              <InvitationRow
                key={row.documentId}
                invitation={row}
                fieldDefinitions={options.fields.invitation}
                permissions={permissions}
                selected={selected.has(row.documentId)}
                onSelect={(checked) =>
                  setSelected((current) => {
                    const next = new Set(current);
                    if (checked) next.add(row.documentId);
                    else next.delete(row.documentId);
                    return next;
                  })
                }
                onChanged={list.reload}
                onRemove={() => setRemoveTarget({ ids: [row.documentId], label: row.email })}
              />
            ))}
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
