import { useEffect, useMemo, useState } from 'react';
import { Provider } from 'urql';
import { createGatewayClient } from '../client.js';
import type { Outcome } from '../outcome.js';
import { hrefOf, parseRoute, type Route } from '../route.js';
import { keepToken } from '../token.js';
import { BrowseGroups } from './BrowseGroups.js';
import { GroupPage } from './GroupPage.js';
import { MyGroups } from './MyGroups.js';
import { NoticeBar } from './NoticeBar.js';
import { SignIn } from './SignIn.js';
import { ViewerName } from './ViewerName.js';

/** `initialToken`: what the page started with (takeStartToken: `?token=` in the address, or this tab's session). */
export function App({ initialToken }: { initialToken: string | null }) {
  const [token, setToken] = useState(initialToken);
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.hash));
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  // One client per token: a new user never sees the previous user's cached answers.
  const client = useMemo(() => (token ? createGatewayClient(token) : null), [token]);

  useEffect(() => {
    const onHashChange = () => {
      setRoute(parseRoute(window.location.hash));
      setOutcome(null);
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);

  const signIn = (next: string | null) => {
    keepToken(next);
    setOutcome(null);
    setToken(next);
  };

  if (!token || !client) return <SignIn onSignIn={signIn} />;

  return (
    <Provider value={client}>
      <header className="top">
        <nav>
          <a href={hrefOf({ screen: 'my-groups' })} aria-current={route.screen === 'my-groups' ? 'page' : undefined}>
            My groups
          </a>
          <a href={hrefOf({ screen: 'groups' })} aria-current={route.screen === 'groups' ? 'page' : undefined}>
            All groups
          </a>
        </nav>
        <span className="who">
          <ViewerName />
          <button type="button" className="link" onClick={() => signIn(null)}>
            Sign out
          </button>
        </span>
      </header>
      <NoticeBar outcome={outcome} onDismiss={() => setOutcome(null)} />
      <main>
        {route.screen === 'my-groups' && <MyGroups onOutcome={setOutcome} />}
        {route.screen === 'groups' && <BrowseGroups onOutcome={setOutcome} />}
        {route.screen === 'group' && <GroupPage groupId={route.groupId} onOutcome={setOutcome} />}
      </main>
    </Provider>
  );
}
