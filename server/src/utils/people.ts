/** How a person (an admin or a portal user) is named to others: their name, else their address. */
export const personName = (person: { firstname?: string | null; lastname?: string | null; email: string }): string =>
  [person.firstname, person.lastname].filter(Boolean).join(' ') || person.email;
