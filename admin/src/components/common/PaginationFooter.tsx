import { Button, Flex, Typography } from '@strapi/design-system';
import { ChevronLeft, ChevronRight } from '@strapi/icons';
import { useT } from '../../hooks/useT';
import type { Pagination } from '../../types';

/**
 * "Page 2 of 5 (93 invitations)" with previous/next, under every list of the panel; "Page 50 of 501+
 * (more than 10,000 invitations)" where the server stopped counting (see LIST_COUNT_LIMIT).
 */
export const PaginationFooter = ({
  pagination,
  onPage,
  noun,
}: {
  pagination: Pagination;
  onPage: (page: number) => void;
  noun: string;
}) => {
  const t = useT();
  const { page, pageCount, total, totalCapped } = pagination;
  return (
    <Flex justifyContent="space-between" paddingTop={4}>
      <Typography variant="pi" textColor="neutral600">
        {t(totalCapped ? 'pagination.labelCapped' : 'pagination.label', {
          page,
          pageCount: Math.max(pageCount, 1),
          total,
          noun,
        })}
      </Typography>
      <Flex gap={2}>
        <Button variant="tertiary" startIcon={<ChevronLeft />} disabled={page <= 1} onClick={() => onPage(page - 1)}>
          {t('pagination.previous')}
        </Button>
        <Button
          variant="tertiary"
          endIcon={<ChevronRight />}
          disabled={page >= pageCount}
          onClick={() => onPage(page + 1)}
        >
          {t('pagination.next')}
        </Button>
      </Flex>
    </Flex>
  );
};
