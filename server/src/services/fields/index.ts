import type { FieldDefinitions, FieldValue } from '../../../../shared/contracts';
import { badRequest } from '../../utils/errors';
import { getService } from '../../utils/get-service';
import type { StrapiContext } from '../../utils/types';
import { checkFieldValues, describeProblems } from './rules';

/**
 * The portal's fields as requests meet them: answers checked against the current definitions, and
 * refused as a whole with each problem named by its path (`application.why`), so a form can show each
 * message under its input. The checks themselves are the pure rules in ./rules.
 */
const fieldsService = ({ strapi }: StrapiContext) => ({
  async definitions(): Promise<FieldDefinitions> {
    return (await getService('settings', strapi).get()).fields;
  },

  /**
   * The invitee's application (accept, join) in its stored form, or null when it holds no answer.
   * Refuses what is not an object of answers, and any unknown, ill-typed or missing required answer.
   */
  async application(given: unknown, definitions?: FieldDefinitions): Promise<Record<string, FieldValue> | null> {
    if (given !== undefined && given !== null && (typeof given !== 'object' || Array.isArray(given))) {
      throw badRequest(
        'VALIDATION_ERROR',
        'application must be an object of answers by field key, e.g. {"why": "We resell in the Nordics"}.',
        { errors: [{ path: 'application', message: 'must be an object of answers by field key' }] }
      );
    }
    const { application } = definitions ?? (await this.definitions());
    const { values, problems } = checkFieldValues(application, given as Record<string, unknown> | null | undefined);
    if (problems.length > 0) {
      throw badRequest('VALIDATION_ERROR', `The application is not complete: ${describeProblems(problems)}.`, {
        errors: problems.map((problem) => ({ path: `application.${problem.key}`, message: problem.message })),
      });
    }
    return Object.keys(values).length > 0 ? values : null;
  },
});

export default fieldsService;
export type FieldsService = ReturnType<typeof fieldsService>;
