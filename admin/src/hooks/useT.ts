import { useCallback } from 'react';
import { useIntl } from 'react-intl';
import { getTranslation } from '../utils/getTranslation';

export type Translate = (id: string, values?: Record<string, string | number>, fallback?: string) => string;

/** `t('invite.send')` for the plugin's own strings in translations/<locale>.json. */
export const useT = (): Translate => {
  const { formatMessage } = useIntl();
  return useCallback(
    (id, values, fallback) => formatMessage({ id: getTranslation(id), defaultMessage: fallback ?? id }, values),
    [formatMessage]
  );
};

/** Portals configure their own roles and reasons: `no_longer_needed` reads "No longer needed" when untranslated. */
export const humanize = (value: string): string => {
  const words = value.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** Label of a portal-configured value (`role`, `reason`): its translation, or the value humanized. */
export const configuredLabel = (t: Translate, kind: 'role' | 'reason', value: string): string =>
  t(`${kind}.${value}`, undefined, humanize(value));
