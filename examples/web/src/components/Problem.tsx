import type { CombinedError } from '@urql/core';
import { describeQueryError } from '../query-error.js';

export function Problem({ error }: { error: CombinedError }) {
  const problem = describeQueryError(error);
  return (
    <p role="alert" className="notice refusal">
      <strong>{problem.heading}</strong> {problem.detail}
    </p>
  );
}
