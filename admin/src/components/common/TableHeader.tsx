import { Th, Thead, Tr, Typography, VisuallyHidden } from '@strapi/design-system';

/** The header row of the panel's tables; `actionsLabel` adds the (visually hidden) row-actions column. */
export const TableHeader = ({ columns, actionsLabel }: { columns: string[]; actionsLabel?: string }) => (
  <Thead>
    <Tr>
      {columns.map((column) => (
        <Th key={column}>
          <Typography variant="sigma">{column}</Typography>
        </Th>
      ))}
      {actionsLabel && (
        <Th>
          <VisuallyHidden>{actionsLabel}</VisuallyHidden>
        </Th>
      )}
    </Tr>
  </Thead>
);
