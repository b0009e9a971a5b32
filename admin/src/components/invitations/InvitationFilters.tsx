import { Box, Flex, SingleSelect, SingleSelectOption } from '@strapi/design-system';
import { useT } from '../../hooks/useT';
import { INVITATION_STATUSES } from '../../../../shared/contracts';
import { SearchField } from '../common/SearchField';

// A real option value: the design system shows an empty value as its placeholder next to the label.
export const ALL = 'all';

interface InvitationFiltersProps {
  search: string;
  /** A status, or ALL. */
  status: string;
  onSearch: (value: string) => void;
  onStatus: (value: string) => void;
}

/** Invites Sent's search box and status filter. */
export const InvitationFilters = ({ search, status, onSearch, onStatus }: InvitationFiltersProps) => {
  const t = useT();
  return (
    <Flex gap={4}>
      <SearchField label={t('search.placeholder')} value={search} onChange={onSearch} />
      <Box width="220px">
        <SingleSelect
          aria-label={t('filter.status')}
          value={status}
          onChange={(value: string | number) => onStatus(String(value))}
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
  );
};
