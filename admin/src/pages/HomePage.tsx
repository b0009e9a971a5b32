import { useState } from 'react';
import { useIntl } from 'react-intl';
import { Layouts, Page } from '@strapi/strapi/admin';
import {
  Badge,
  Box,
  Button,
  Flex,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  TextInput,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { getTranslation } from '../utils/getTranslation';
import { useInvitations, type InvitationStatus } from '../hooks/useInvitations';

const STATUSES: InvitationStatus[] = ['pending', 'accepted', 'declined', 'expired', 'revoked'];
// A real option value: the design system shows an empty value as its placeholder next to the label.
const ALL = 'all';

const HomePage = () => {
  const { formatMessage, formatDate } = useIntl();
  const t = (id: string, values?: Record<string, string | number>) => formatMessage({ id: getTranslation(id) }, values);
  const [status, setStatus] = useState<InvitationStatus | undefined>();
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const { data, loading, error } = useInvitations({ status, search, page });

  return (
    <Layouts.Root>
      <Page.Title>{t('page.title')}</Page.Title>
      <Layouts.Header title={t('page.title')} subtitle={t('page.subtitle')} />
      <Layouts.Content>
        <Flex gap={4} paddingBottom={4}>
          <Box width="320px">
            <TextInput
              aria-label={t('search.placeholder')}
              placeholder={t('search.placeholder')}
              value={search}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => {
                setSearch(e.target.value);
                setPage(1);
              }}
            />
          </Box>
          <Box width="220px">
            <SingleSelect
              aria-label={t('filter.status')}
              value={status ?? ALL}
              onChange={(value: string | number) => {
                setStatus(value === ALL ? undefined : (value as InvitationStatus));
                setPage(1);
              }}
            >
              <SingleSelectOption value={ALL}>{t('filter.status.all')}</SingleSelectOption>
              {STATUSES.map((s) => (
                <SingleSelectOption key={s} value={s}>
                  {t(`status.${s}`)}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Box>
        </Flex>
        {loading && !data ? (
          <Page.Loading />
        ) : error ? (
          <Page.Error />
        ) : !data || data.results.length === 0 ? (
          <Box padding={8} background="neutral0" hasRadius>
            <Typography textColor="neutral600">{t('empty')}</Typography>
          </Box>
        ) : (
          <>
            <Table colCount={7} rowCount={data.results.length + 1}>
              <Thead>
                <Tr>
                  {['email', 'name', 'organization', 'role', 'status', 'delivery', 'expiresAt'].map((column) => (
                    <Th key={column}>
                      <Typography variant="sigma">{t(`table.${column}`)}</Typography>
                    </Th>
                  ))}
                </Tr>
              </Thead>
              <Tbody>
                {data.results.map((invitation) => (
                  <Tr key={invitation.documentId}>
                    <Td><Typography>{invitation.email}</Typography></Td>
                    <Td><Typography>{[invitation.firstName, invitation.lastName].filter(Boolean).join(' ')}</Typography></Td>
                    <Td><Typography>{invitation.organization?.name ?? '—'}</Typography></Td>
                    <Td><Typography>{invitation.role}</Typography></Td>
                    <Td><Badge>{t(`status.${invitation.status}`)}</Badge></Td>
                    <Td>
                      <Typography textColor={invitation.delivery.status === 'failed' ? 'danger600' : undefined} title={invitation.delivery.lastError ?? undefined}>
                        {t(`delivery.${invitation.delivery.status}`)}
                      </Typography>
                    </Td>
                    <Td><Typography>{formatDate(invitation.expiresAt, { dateStyle: 'medium', timeStyle: 'short' })}</Typography></Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
            <Flex justifyContent="space-between" paddingTop={4}>
              <Typography>{t('pagination.label', { page: data.pagination.page, pageCount: data.pagination.pageCount, total: data.pagination.total })}</Typography>
              <Flex gap={2}>
                <Button variant="tertiary" disabled={page <= 1} onClick={() => setPage(page - 1)}>{t('pagination.previous')}</Button>
                <Button variant="tertiary" disabled={page >= data.pagination.pageCount} onClick={() => setPage(page + 1)}>{t('pagination.next')}</Button>
              </Flex>
            </Flex>
          </>
        )}
      </Layouts.Content>
    </Layouts.Root>
  );
};

export { HomePage };
