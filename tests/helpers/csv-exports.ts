/**
 * Contact lists as the programs people export from write them: their header names and order, quoting,
 * line endings and encoding. Each builder takes the people and returns the file's bytes.
 */

export interface Person {
  firstName: string;
  lastName: string;
  email: string;
  company?: string;
  notes?: string;
}

/** Windows-1252, as Outlook and Excel on Windows write "CSV": Node's latin1 is the same for these characters. */
const windows1252 = (text: string): Buffer => {
  for (const char of text) {
    if (char.charCodeAt(0) > 0xff) throw new Error(`"${char}" is not a Windows-1252 character of this fixture`);
  }
  return Buffer.from(text, 'latin1');
};

const quoteAll = (cells: string[]) => cells.map((cell) => `"${cell.replace(/"/g, '""')}"`).join(',');
const quoteWhenNeeded = (cells: string[], separator: string) =>
  cells
    .map((cell) => (cell.includes(separator) || /["\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell))
    .join(separator);

/**
 * Outlook's "Comma Separated Values" export (File → Open & Export → Import/Export → Export to a file):
 * 92 columns, every value quoted, CRLF, Windows-1252. "E-mail Address" sits among "E-mail Type" and
 * "E-mail Display Name"; notes may hold line breaks.
 */
export const OUTLOOK_HEADER = [
  'Title', 'First Name', 'Middle Name', 'Last Name', 'Suffix', 'Company', 'Department', 'Job Title',
  'Business Street', 'Business Street 2', 'Business Street 3', 'Business City', 'Business State',
  'Business Postal Code', 'Business Country/Region', 'Home Street', 'Home Street 2', 'Home Street 3',
  'Home City', 'Home State', 'Home Postal Code', 'Home Country/Region', 'Other Street', 'Other Street 2',
  'Other Street 3', 'Other City', 'Other State', 'Other Postal Code', 'Other Country/Region',
  "Assistant's Phone", 'Business Fax', 'Business Phone', 'Business Phone 2', 'Callback', 'Car Phone',
  'Company Main Phone', 'Home Fax', 'Home Phone', 'Home Phone 2', 'ISDN', 'Mobile Phone', 'Other Fax',
  'Other Phone', 'Pager', 'Primary Phone', 'Radio Phone', 'TTY/TDD Phone', 'Telex', 'Account',
  'Anniversary', "Assistant's Name", 'Billing Information', 'Birthday', 'Business Address PO Box',
  'Categories', 'Children', 'Directory Server', 'E-mail Address', 'E-mail Type', 'E-mail Display Name',
  'E-mail 2 Address', 'E-mail 2 Type', 'E-mail 2 Display Name', 'E-mail 3 Address', 'E-mail 3 Type',
  'E-mail 3 Display Name', 'Gender', 'Government ID Number', 'Hobby', 'Home Address PO Box', 'Initials',
  'Internet Free Busy', 'Keywords', 'Language', 'Location', "Manager's Name", 'Mileage', 'Notes',
  'Office Location', 'Organizational ID Number', 'Other Address PO Box', 'Priority', 'Private',
  'Profession', 'Referred By', 'Sensitivity', 'Spouse', 'User 1', 'User 2', 'User 3', 'User 4', 'Web Page',
]; // prettier-ignore

export const outlookContacts = (people: Person[]): Buffer => {
  const rows = people.map((person) => {
    const cells = OUTLOOK_HEADER.map(() => '');
    const set = (column: string, value: string) => (cells[OUTLOOK_HEADER.indexOf(column)] = value);
    set('First Name', person.firstName);
    set('Last Name', person.lastName);
    set('Company', person.company ?? '');
    set('E-mail Address', person.email);
    set('E-mail Type', 'SMTP');
    set('E-mail Display Name', `${person.firstName} ${person.lastName} (${person.email})`);
    set('Notes', person.notes ?? '');
    set('Priority', 'Normal');
    set('Private', 'False');
    set('Sensitivity', 'Normal');
    set('Gender', 'Unspecified');
    return quoteAll(cells);
  });
  return windows1252([quoteAll(OUTLOOK_HEADER), ...rows].join('\r\n') + '\r\n');
};

/** Excel's "CSV (Comma delimited)" on Windows: quoted only where needed, CRLF, Windows-1252. */
export const excelWindowsCsv = (people: Person[]): Buffer =>
  windows1252(
    [
      'Email,First Name,Last Name,Company',
      ...people.map((p) => quoteWhenNeeded([p.email, p.firstName, p.lastName, p.company ?? ''], ',')),
    ].join('\r\n') + '\r\n'
  );

/** The same in a European locale (French, German): the list separator is ";". */
export const excelEuropeanCsv = (people: Person[]): Buffer =>
  windows1252(
    [
      'emailAddress;firstName;lastName;partnerName',
      ...people.map((p) => quoteWhenNeeded([p.email, p.firstName, p.lastName, p.company ?? ''], ';')),
    ].join('\r\n') + '\r\n'
  );

/** Excel's "Unicode Text (*.txt)": UTF-16 LE with a byte-order mark, tab-separated, CRLF. */
export const excelUnicodeText = (people: Person[]): Buffer =>
  Buffer.concat([
    Buffer.from([0xff, 0xfe]),
    Buffer.from(
      [
        'E-mail Address\tFirst Name\tLast Name\tCompany',
        ...people.map((p) => quoteWhenNeeded([p.email, p.firstName, p.lastName, p.company ?? ''], '\t')),
      ].join('\r\n') + '\r\n',
      'utf16le'
    ),
  ]);

/**
 * Google Contacts' "Google CSV" export: UTF-8, the type column of each e-mail before its value
 * ("E-mail 1 - Type", "E-mail 1 - Value"), the company in "Organization 1 - Name".
 */
export const GOOGLE_HEADER = [
  'Name', 'Given Name', 'Additional Name', 'Family Name', 'Yomi Name', 'Given Name Yomi',
  'Additional Name Yomi', 'Family Name Yomi', 'Name Prefix', 'Name Suffix', 'Initials', 'Nickname',
  'Short Name', 'Maiden Name', 'Birthday', 'Gender', 'Location', 'Billing Information',
  'Directory Server', 'Mileage', 'Occupation', 'Hobby', 'Sensitivity', 'Priority', 'Subject', 'Notes',
  'Language', 'Photo', 'Group Membership', 'E-mail 1 - Type', 'E-mail 1 - Value', 'E-mail 2 - Type',
  'E-mail 2 - Value', 'Phone 1 - Type', 'Phone 1 - Value', 'Organization 1 - Type',
  'Organization 1 - Name', 'Organization 1 - Yomi Name', 'Organization 1 - Title',
  'Organization 1 - Department', 'Organization 1 - Symbol', 'Organization 1 - Location',
  'Organization 1 - Job Description',
]; // prettier-ignore

export const googleContacts = (people: Person[]): Buffer => {
  const rows = people.map((person) => {
    const cells = GOOGLE_HEADER.map(() => '');
    const set = (column: string, value: string) => (cells[GOOGLE_HEADER.indexOf(column)] = value);
    set('Name', `${person.firstName} ${person.lastName}`);
    set('Given Name', person.firstName);
    set('Family Name', person.lastName);
    set('Group Membership', '* myContacts');
    set('E-mail 1 - Type', '* Work');
    set('E-mail 1 - Value', person.email);
    set('Organization 1 - Name', person.company ?? '');
    return quoteWhenNeeded(cells, ',');
  });
  return Buffer.from([GOOGLE_HEADER.join(','), ...rows].join('\n') + '\n', 'utf8');
};

/** A HubSpot contacts export: UTF-8 with a byte-order mark (for Excel), every value quoted. */
export const hubspotContacts = (people: Person[]): Buffer =>
  Buffer.from(
    '\uFEFF' +
      [
        quoteAll(['Record ID', 'First Name', 'Last Name', 'Email', 'Company Name', 'Lifecycle Stage', 'Create Date']),
        ...people.map((p, i) =>
          quoteAll([String(51000 + i), p.firstName, p.lastName, p.email, p.company ?? '', 'lead', '2026-11-02 09:15'])
        ),
      ].join('\n') +
      '\n',
    'utf8'
  );

/** A Salesforce report export of contacts ("Account Name" is the company), CRLF. */
export const salesforceContacts = (people: Person[]): Buffer =>
  Buffer.from(
    [
      quoteAll(['First Name', 'Last Name', 'Title', 'Account Name', 'Email', 'Phone']),
      ...people.map((p) =>
        quoteAll([p.firstName, p.lastName, 'Partner Manager', p.company ?? '', p.email, '555-0100'])
      ),
    ].join('\r\n') + '\r\n',
    'utf8'
  );

/** Excel writes a "sep=," first line when asked to name the separator (so that any locale opens it). */
export const excelWithSepLine = (people: Person[]): Buffer =>
  Buffer.from(
    [
      'sep=,',
      'emailAddress,firstName,lastName',
      ...people.map((p) => [p.email, p.firstName, p.lastName].join(',')),
    ].join('\r\n') + '\r\n',
    'utf8'
  );
