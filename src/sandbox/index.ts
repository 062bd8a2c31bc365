export { createSandbox } from './server.js';
export { DEMO_TOKENS, SEED_FACTS } from './seed.js';
export type { SeedFacts } from './seed.js';
export type { RequestLogEntry, Sandbox, SandboxOptions } from './types.js';
export type { FaultController, FaultSpec, OneShotFault, SubCallFault } from './faults.js';
export { SandboxStore } from './store.js';
export type { GroupRecord, RelationRecord, RelationView, Role, TokenRecord, UserRecord } from './store.js';
export { parsePhpQuery } from './php-query.js';
export { ERROR_NO_GROUP_TEXT } from './methods/sonet-group-user.js';
