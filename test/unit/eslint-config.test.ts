/**
 * The layer rules of eslint.config.js bite: each deliberate violation below is an error of no-restricted-imports,
 * and each allowed import next to it is not. Runs ESLint's Node API on code that never touches the disk.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

/** The messages of no-restricted-imports only (an unused import also draws no-unused-vars, which is not at issue). */
async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
}

describe('eslint.config.js: layer rules', () => {
  it.each([
    ['the sandbox imports the gateway client', 'src/sandbox/probe.ts', "import { Bitrix24Client } from '../bitrix24/index.js';"],
    ['the sandbox (nested) imports the config', 'src/sandbox/methods/probe.ts', "import { loadConfig } from '../../config.js';"],
    ['the sandbox imports the schema', 'src/sandbox/probe.ts', "import { builder } from '../schema/builder.js';"],
    ['the client imports a use case', 'src/bitrix24/probe.ts', "import { requestMembership } from '../workgroups/index.js';"],
    ['the client imports the config', 'src/bitrix24/probe.ts', "import { loadConfig } from '../config.js';"],
    ['the client imports graphql', 'src/bitrix24/probe.ts', "import { GraphQLError } from 'graphql';"],
    ['the schema imports a client internal', 'src/schema/types/probe.ts', "import { ROLE_LETTER } from '../../bitrix24/mappers.js';"],
    ['the schema imports the session module', 'src/schema/probe.ts', "import type { Bitrix24Session } from '../bitrix24/session.js';"],
    ['a use case imports a client internal', 'src/workgroups/probe.ts', "import { requestMembership } from '../bitrix24/api.js';"],
    ['a use case imports graphql', 'src/workgroups/probe.ts', "import { GraphQLError } from 'graphql';"],
    ['a use case imports Pothos', 'src/workgroups/probe.ts', "import SchemaBuilder from '@pothos/core';"],
    ['a use case imports the schema', 'src/workgroups/probe.ts', "import { builder } from '../schema/builder.js';"],
    ['the HTTP layer imports a client internal', 'src/http/probe.ts', "import { Bitrix24Transport } from '../bitrix24/transport.js';"],
    ['the HTTP layer imports the sandbox', 'src/http/probe.ts', "import { createSandbox } from '../sandbox/index.js';"],
    ['the web app imports the sandbox', 'examples/web/src/probe.ts', "import { DEMO_TOKENS } from '../../../src/sandbox/index.js';"],
    ['a web component imports the gateway config', 'examples/web/src/components/probe.tsx', "import { loadConfig } from '../../../../src/config.js';"],
  ])('refuses: %s', async (_label, filePath, code) => {
    expect(await restrictedImports(filePath, code)).toHaveLength(1);
  });

  it.each([
    ['the sandbox imports its own modules', 'src/sandbox/methods/probe.ts', "import { phpIntval } from '../php-query.js';"],
    ['the client imports its own modules', 'src/bitrix24/probe.ts', "import { mapList } from './mappers.js';"],
    ['the schema imports the client entry', 'src/schema/types/probe.ts', "import { listGroups } from '../../bitrix24/index.js';"],
    ['the schema imports the use cases', 'src/schema/probe.ts', "import { requestMembership } from '../workgroups/index.js';"],
    ['a use case imports the client entry', 'src/workgroups/probe.ts', "import { invoke } from '../bitrix24/index.js';"],
    ['the HTTP layer imports the client entry', 'src/http/probe.ts', "import { Bitrix24Client } from '../bitrix24/index.js';"],
    ['the HTTP layer imports the schema', 'src/http/probe.ts', "import { subgraphSchema } from '../schema/index.js';"],
    ['the web app imports its generated types', 'examples/web/src/components/probe.tsx', "import { MyGroupsDocument } from '../gql/graphql.js';"],
  ])('allows: %s', async (_label, filePath, code) => {
    expect(await restrictedImports(filePath, code)).toEqual([]);
  });
});
