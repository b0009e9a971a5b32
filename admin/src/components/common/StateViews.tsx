import type { ReactNode } from 'react';
import { Box, Button, EmptyStateLayout, Flex, Loader, Typography } from '@strapi/design-system';
import { ArrowClockwise, WarningCircle } from '@strapi/icons';
import { useT } from '../../hooks/useT';

/** A table area that is loading for the first time. */
export const LoadingState = ({ label }: { label: string }) => (
  <Flex justifyContent="center" padding={8} background="neutral0" hasRadius shadow="tableShadow">
    <Loader>{label}</Loader>
  </Flex>
);

/** What went wrong, in the server's words, and a way to try again. */
export const ErrorState = ({ message, onRetry }: { message: string; onRetry?: () => void }) => {
  const t = useT();
  return (
    <Box padding={8} background="neutral0" hasRadius shadow="tableShadow" role="alert">
      <Flex direction="column" gap={3} alignItems="center">
        <WarningCircle width="3.2rem" height="3.2rem" fill="danger600" />
        <Typography variant="omega" textColor="danger600">
          {message}
        </Typography>
        {onRetry && (
          <Button variant="secondary" startIcon={<ArrowClockwise />} onClick={onRetry}>
            {t('common.retry')}
          </Button>
        )}
      </Flex>
    </Box>
  );
};

export const EmptyState = ({ message, action }: { message: string; action?: ReactNode }) => (
  <EmptyStateLayout content={message} action={action} />
);

interface ResourceViewProps {
  resource: { data: unknown; loading: boolean; error: string | null; reload: () => void };
  loadingLabel: string;
  isEmpty: boolean;
  empty: ReactNode;
  children: ReactNode;
}

/**
 * The states every list of the panel goes through: loading the first time, failed (with retry),
 * empty, or the rows. A failed reload keeps the rows it had and says what went wrong above them.
 */
export const ResourceView = ({ resource, loadingLabel, isEmpty, empty, children }: ResourceViewProps) => {
  if (resource.loading && !resource.data) return <LoadingState label={loadingLabel} />;
  if (resource.error && !resource.data) return <ErrorState message={resource.error} onRetry={resource.reload} />;
  if (isEmpty) return <>{empty}</>;
  return (
    <>
      {resource.error && (
        <Box paddingBottom={2}>
          <Typography textColor="danger600" role="alert">
            {resource.error}
          </Typography>
        </Box>
      )}
      {children}
    </>
  );
};

/** The server's message for a form that was not saved, above its buttons. */
export const ErrorBanner = ({ message }: { message: string | null }) =>
  message ? (
    <Box padding={3} background="danger100" hasRadius role="alert">
      <Typography textColor="danger700">{message}</Typography>
    </Box>
  ) : null;
