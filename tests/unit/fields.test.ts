/** Unit test of the field rules: what each type takes, how it is stored, and what is refused and why. */
import type { FieldDefinition } from '../../shared/contracts';
import { checkFieldValues, displayValue, fieldValueOf } from '../../server/src/services/fields/rules';
import { customFieldOfHeader, recognizeColumns } from '../../server/src/services/csv-import/columns';
import { fieldDefinitionsSchema } from '../../server/src/config';

const field = (type: FieldDefinition['type'], extra: Partial<FieldDefinition> = {}): FieldDefinition => ({
  key: 'value',
  label: 'Value',
  type,
  required: false,
  ...extra,
});

describe('a field value, by type', () => {
  it.each([
    ['text', '  Acme  ', 'Acme'],
    ['email', ' Sales@Acme.com ', 'sales@acme.com'],
    ['url', 'https://acme.com/partners', 'https://acme.com/partners'],
    ['number', 250, 250],
    ['number', ' 1200 ', 1200],
    ['number', '-3.5', -3.5],
    ['date', '2026-02-28', '2026-02-28'],
    ['checkbox', true, true],
    ['checkbox', 'Yes', true],
    ['checkbox', 'x', true],
    ['checkbox', 'no', false],
    ['checkbox', '0', false],
  ] as const)('%s takes %p as %p', (type, given, stored) => {
    expect(fieldValueOf(field(type), given)).toEqual({ value: stored });
  });

  it('reads a select option in any case and stores it as defined', () => {
    const size = field('select', { label: 'Company size', options: ['1-10', 'Eleven to 50', '51+'] });
    expect(fieldValueOf(size, 'eleven TO 50')).toEqual({ value: 'Eleven to 50' });
    expect(fieldValueOf(size, '12')).toEqual({ error: 'Company size must be one of 1-10, Eleven to 50, 51+' });
  });

  it.each([
    ['email', 'not-an-address', 'Value must be an address such as name@example.com'],
    ['url', 'javascript:alert(1)', 'Value must be an address such as https://example.com'],
    ['url', 'acme.com', 'Value must be an address such as https://example.com'],
    ['number', 'twelve', 'Value must be a number such as 250'],
    ['number', Infinity, 'Value must be a number such as 250'],
    ['date', '2026-02-30', 'Value must be a date written YYYY-MM-DD, such as 2026-03-31'],
    ['date', '31/03/2026', 'Value must be a date written YYYY-MM-DD, such as 2026-03-31'],
    ['checkbox', 'maybe', 'Value must be true or false (in a CSV file also yes/no, 1/0 or x)'],
    ['text', 42, 'Value must be any text'],
    ['text', { nested: true }, 'Value must be any text'],
  ] as const)('%s refuses %p', (type, given, error) => {
    expect(fieldValueOf(field(type), given)).toEqual({ error });
  });

  it('refuses text longer than a field holds, saying how long it is', () => {
    expect(fieldValueOf(field('text'), 'a'.repeat(1001))).toEqual({
      error: 'Value is 1,001 characters long; at most 1000 fit',
    });
  });
});

describe('a set of answers against the definitions', () => {
  const definitions: FieldDefinition[] = [
    { key: 'companySize', label: 'Company size', type: 'number', required: true },
    { key: 'website', label: 'Website', type: 'url', required: false },
    { key: 'terms', label: 'Partner terms accepted', type: 'checkbox', required: true },
  ];

  it('stores every known value in its type', () => {
    expect(checkFieldValues(definitions, { companySize: '40', terms: 'yes', website: '' })).toEqual({
      values: { companySize: 40, terms: true },
      problems: [],
    });
  });

  it('names each problem: an unknown key, a wrong type, a required field missing or not ticked', () => {
    const { problems } = checkFieldValues(definitions, { region: 'EU', website: 'acme', terms: false });
    expect(problems).toEqual([
      { key: 'region', message: '"region" is not a field of this portal: the fields are companySize, website, terms' },
      { key: 'companySize', message: 'Company size is required' },
      { key: 'website', message: 'Website must be an address such as https://example.com' },
      { key: 'terms', message: 'Partner terms accepted must be ticked' },
    ]);
  });

  it('takes no answers when nothing is required, and says so when a portal defines no fields', () => {
    expect(checkFieldValues([definitions[1]], null)).toEqual({ values: {}, problems: [] });
    expect(checkFieldValues([], { region: 'EU' }).problems[0].message).toBe(
      '"region" is not a field of this portal: it defines none (Settings → Invitations → Fields)'
    );
  });

  it('shows stored values as people read them', () => {
    expect([true, false, 12, 'EU', null].map(displayValue)).toEqual(['Yes', 'No', '12', 'EU', '']);
  });
});

describe('CSV columns of invitation fields', () => {
  const definitions: FieldDefinition[] = [
    { key: 'companySize', label: 'Company size', type: 'number', required: true },
    { key: 'region', label: 'Sales région', type: 'text', required: false },
  ];

  it('are named by key or label, in any case, with or without spaces and accents', () => {
    expect(customFieldOfHeader(definitions, 'COMPANY SIZE')?.key).toBe('companySize');
    expect(customFieldOfHeader(definitions, 'company_size')?.key).toBe('companySize');
    expect(customFieldOfHeader(definitions, 'Sales Region')?.key).toBe('region');
    expect(customFieldOfHeader(definitions, 'Notes')).toBeUndefined();
  });

  it('are read next to the import’s own columns, the first of two with the same name winning', () => {
    const header = ['E-mail Address', 'Company Size', 'Notes', 'companySize'];
    expect(recognizeColumns(header, undefined, definitions)).toEqual([
      { field: 'emailAddress', column: 1, header: 'E-mail Address', matchedBy: 'name' },
      { field: 'fields.companySize', column: 2, header: 'Company Size', matchedBy: 'name' },
    ]);
  });

  it('can be mapped by hand, and a mapping to a field the portal does not define is refused', () => {
    const header = ['Email', 'Size'];
    expect(recognizeColumns(header, { emailAddress: 'Email', 'fields.companySize': 'Size' }, definitions)).toEqual([
      { field: 'emailAddress', column: 1, header: 'Email', matchedBy: 'mapping' },
      { field: 'fields.companySize', column: 2, header: 'Size', matchedBy: 'mapping' },
    ]);
    expect(() => recognizeColumns(header, { emailAddress: 'Email', 'fields.size': 'Size' }, definitions)).toThrow(
      'The mapping names "fields.size", which is no field of the import'
    );
  });
});

describe('field definitions (settings and config)', () => {
  const valid = (invitation: unknown[], application: unknown[] = []) =>
    fieldDefinitionsSchema.validate({ invitation, application }, { abortEarly: true });

  it('takes every type, a select with its options', async () => {
    await expect(
      valid([
        { key: 'companySize', label: 'Company size', type: 'select', required: true, options: ['1-10', '11+'] },
        { key: 'website', label: 'Website', type: 'url', help: 'Your public site' },
      ])
    ).resolves.toMatchObject({ invitation: [{ key: 'companySize' }, { key: 'website', required: false }] });
  });

  it.each([
    [[{ key: '1st', label: 'Seats', type: 'text' }], 'a key is a letter then letters, digits or "_"'],
    [[{ key: 'size', label: 'Size', type: 'range' }], "a field's type is one of text, email, url, number"],
    [[{ key: 'size', label: 'Size', type: 'select' }], '"size" is a select: give its options'],
    [[{ key: 'size', label: 'Size', type: 'text', options: ['a'] }], '"size" is a text: only a select has options'],
    [[{ key: 'size', label: 'Size', type: 'select', options: ['Big', 'big'] }], '"size" lists the option "big" twice'],
    [
      [
        { key: 'size', label: 'Size', type: 'text' },
        { key: 'Size', label: 'Other', type: 'text' },
      ],
      'the key "Size" is used twice',
    ],
    [
      [
        { key: 'a', label: 'Size', type: 'text' },
        { key: 'b', label: 'size', type: 'text' },
      ],
      'the label "size" is used twice',
    ],
    [
      [{ key: 'workEmail', label: 'Work Email', type: 'email' }],
      'would be read by the CSV import as its own emailAddress column',
    ],
  ])('refuses %j: %s', async (invitation, message) => {
    await expect(valid(invitation)).rejects.toThrow(message);
  });

  it('lets an application field share a name with a CSV column (applications are not imported)', async () => {
    await expect(valid([], [{ key: 'email', label: 'Email', type: 'email' }])).resolves.toBeTruthy();
  });
});
