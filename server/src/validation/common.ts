import * as yup from 'yup';
import { MAX_PAGE_SIZE } from '../../../shared/contracts';

export const documentId = yup.string().trim().min(1).max(64);

export const text = (field: string, max: number) =>
  yup.string().trim().max(max, `${field} can be at most ${max} characters`);

export const pageParams = {
  page: yup.number().typeError('page must be a number').integer().min(1, 'page starts at 1').default(1),
  pageSize: yup
    .number()
    .typeError('pageSize must be a number')
    .integer()
    .min(1)
    .max(MAX_PAGE_SIZE, `pageSize can be at most ${MAX_PAGE_SIZE}`)
    .default(20),
};

export const oneOf = <T extends string>(field: string, values: readonly T[]) =>
  yup.string().oneOf([...values], `${field} must be one of ${values.join(', ')}`) as yup.StringSchema<T | undefined>;

export const MAX_CUSTOM_FIELDS_DEPTH = 5;

/**
 * Whether `value` nests objects and lists at most `max` levels deep. Iterative (a recursive walk of a
 * hostile 100,000-level value would overflow the stack) and linear in the value's size.
 */
export const nestingDepthAtMost = (value: unknown, max: number): boolean => {
  const stack: { node: unknown; depth: number }[] = [{ node: value, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth + 1 > max) return false;
    for (const child of Object.values(node as Record<string, unknown>)) stack.push({ node: child, depth: depth + 1 });
  }
  return true;
};
