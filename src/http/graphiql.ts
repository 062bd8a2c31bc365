/**
 * GraphiQL, served whole by the gateway: `@graphql-yoga/render-graphiql` inlines GraphiQL's code, styles and
 * editor workers in the page, so it works on networks without a CDN (yoga's default page loads it from unpkg).
 * It opens on an example operation of this API, with the demo tokens listed in the headers when the embedded
 * sandbox serves them.
 */
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { GraphiQLOptions } from 'graphql-yoga';

export const EXAMPLE_OPERATION = `# Bitrix24 GraphQL gateway: run this with the play button (or Ctrl+Enter).
# Change the token in the Headers tab below to see what another user sees.
query MyGroups {
  viewer {
    user {
      fullName
    }
    groups {
      role
      group {
        id
        name
      }
    }
  }
  groups(first: 5) {
    totalCount
    edges {
      node {
        id
        name
        isOpen
        memberCount
      }
    }
  }
}
`;

/** Header that lists the demo tokens in GraphiQL's headers editor; the gateway ignores it. */
export const DEMO_TOKENS_HEADER = 'X-Demo-Tokens';

export function graphiqlOptions(options: { defaultToken?: string | undefined; demoTokens?: readonly string[] | undefined }): GraphiQLOptions {
  const headers: Record<string, string> = {};
  if (options.defaultToken) headers.Authorization = `Bearer ${options.defaultToken}`;
  // The headers editor holds JSON, which has no comments: the other tokens are listed in a header of their own.
  if (options.demoTokens?.length) headers[DEMO_TOKENS_HEADER] = options.demoTokens.join(' ');
  return {
    title: 'Bitrix24 GraphQL gateway',
    defaultQuery: EXAMPLE_OPERATION,
    headers: Object.keys(headers).length > 0 ? JSON.stringify(headers, null, 2) : undefined,
  };
}

export { renderGraphiQL };
