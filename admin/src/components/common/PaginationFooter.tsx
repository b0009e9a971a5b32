import { Button, Flex, Typography } from '@strapi/design-system';
import { ChevronLeft, ChevronRight } from '@strapi/icons';
import { useT } from '../../hooks/useT';
import type { Pagination } from '../../types';

/** "Page 2 of 5 (93 invitations)" with previous/next, under every list of the panel. */
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
  const { page, pageCount, total } = pagination;
  return (
    <Flex justifyContent="space-between" paddingTop={4}>
      <Typography variant="pi" textColor="neutral600">
        {t('pagination.label', { page, pageCount: Math.max(pageCount, 1), total, noun })}
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
