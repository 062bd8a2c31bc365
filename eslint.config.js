// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layer rules (docs/architecture.md), by directory. Patterns match the import string as written, so they use
 * regular expressions over relative paths: `../` from src/x/ reaches src/, `../../` from src/x/y/ does too.
 */
const GATEWAY_DIRS = '(bitrix24|schema|workgroups|http|events|observability)';
const GATEWAY_FILES = '(config|logger|main|portal|server)\\.js$';
const GRAPHQL_PACKAGES = ['graphql', 'graphql-yoga', '@graphql-yoga/*', '@pothos/*', '@apollo/*', 'graphql-scalars'];

/** Above src/bitrix24/, only its public entry may be imported. */
const bitrix24EntryOnly = {
  regex: '(^|/)bitrix24/(?!index\\.js$)',
  message: 'Import the Bitrix24 client only through its public entry, src/bitrix24/index.js (docs/architecture.md).',
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test/generated/', 'coverage/', 'examples/web/dist/', 'examples/web/src/gql/', 'tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // The sandbox is an independent witness: it shares no code with the gateway.
    files: ['src/sandbox/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{
          regex: `^(\\.\\./)+(${GATEWAY_DIRS}(/|$)|${GATEWAY_FILES})`,
          message: 'The sandbox imports nothing of the gateway (docs/architecture.md).',
        }],
      }],
    },
  },
  {
    // The REST client knows nothing of GraphQL and imports nothing above it.
    files: ['src/bitrix24/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { regex: '^\\.\\./', message: 'src/bitrix24/ imports nothing above it (docs/architecture.md).' },
          { group: GRAPHQL_PACKAGES, message: 'src/bitrix24/ knows nothing of GraphQL (docs/architecture.md).' },
        ],
      }],
    },
  },
  {
    // Use cases: free of GraphQL; the client only through its entry; nothing of the schema or the HTTP layer.
    files: ['src/workgroups/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          bitrix24EntryOnly,
          { group: GRAPHQL_PACKAGES, message: 'Use cases are free of GraphQL (docs/architecture.md).' },
          { regex: '^(\\.\\./)+(schema|http|events|sandbox)(/|$)', message: 'Use cases import nothing above them, nor the sandbox.' },
        ],
      }],
    },
  },
  {
    // The schema and the HTTP layer reach the client only through its entry (and the use cases).
    files: ['src/schema/**/*.ts', 'src/http/**/*.ts', 'src/events/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          bitrix24EntryOnly,
          { regex: '^(\\.\\./)+sandbox(/|$)', message: 'The gateway never imports the sandbox (tests start it).' },
        ],
      }],
    },
  },
  {
    files: ['src/schema/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          bitrix24EntryOnly,
          { regex: '^(\\.\\./)+(sandbox|http)(/|$)', message: 'The schema imports neither the HTTP layer nor the sandbox.' },
        ],
      }],
    },
  },
  {
    // The reference frontend uses only what the project publishes (the schema, via its generated types): no gateway
    // or sandbox code may leak into a browser bundle (docs/web.md).
    files: ['examples/web/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: '^(\\.\\./)+(src|test|schema)(/|$)', message: 'The web app imports nothing of the gateway, the sandbox or the tests (docs/web.md).' }],
      }],
    },
  },
);
