import { useState, type FormEvent } from 'react';
import { DEMO_TOKENS } from '../token.js';

/**
 * The example's sign-in: paste a token, or pick one of the embedded sandbox's demo users. A real Bitrix24 app never
 * shows this: it asks the portal's frontend SDK for the current user's token (docs/web.md, "The token").
 */
export function SignIn({ onSignIn }: { onSignIn: (token: string) => void }) {
  const [token, setToken] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (token.trim()) onSignIn(token.trim());
  };
  return (
    <main className="sign-in">
      <h1>Workgroups</h1>
      <p>A reference frontend for the Bitrix24 GraphQL gateway. Sign in with a Bitrix24 access token.</p>
      <form onSubmit={submit}>
        <label>
          Access token{' '}
          <input name="token" value={token} onChange={(event) => setToken(event.target.value)} autoComplete="off" />
        </label>{' '}
        <button type="submit" disabled={!token.trim()}>
          Sign in
        </button>
      </form>
      <h2>Demo users of the embedded sandbox</h2>
      <ul className="demo-tokens">
        {DEMO_TOKENS.map((demo) => (
          <li key={demo.token}>
            <button type="button" onClick={() => onSignIn(demo.token)}>
              Sign in as {demo.token}
            </button>{' '}
            {demo.who}
          </li>
        ))}
      </ul>
    </main>
  );
}
