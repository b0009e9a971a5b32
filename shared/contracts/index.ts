/**
 * The plugin's contracts: constants and shapes that the server answers with and the admin panel (or
 * a portal frontend) reads. Defined once here and imported by both sides, so they cannot drift.
 */
export * from './audit';
export * from './csv-import';
export * from './errors';
export * from './fields';
export * from './invitations';
export * from './join-links';
export * from './organizations';
export * from './pagination';
export * from './permissions';
export * from './settings';
