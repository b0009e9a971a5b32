import { Box, TextInput } from '@strapi/design-system';
import { Search } from '@strapi/icons';

/** The search box above the panel's lists. */
export const SearchField = ({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
}) => (
  <Box width="320px">
    <TextInput
      aria-label={label}
      placeholder={label}
      startAction={<Search />}
      value={value}
      onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange(e.target.value)}
    />
  </Box>
);
