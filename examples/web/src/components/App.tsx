import { useEffect, useMemo, useState } from 'react';
import { Provider } from 'urql';
import { createGatewayClient } from '../client.js';
import type { Outcome } from '../outcome.js';
import { hrefOf, parseRoute, type Route } from '../route.js';
import { tokenFromUrl, urlWithToken } from '../token.js';
import { BrowseGroups } from './BrowseGroups.js';
import { GroupPage } from './GroupPage.js';
import { MyGroups } from './MyGroups.js';
import { NoticeBar } from './NoticeBar.js';
import { SignIn } from './SignIn.js';
import { ViewerName } from './ViewerName.js';

export function App() {
  const [token, setToken] = useState(() => tokenFromUrl(window.location.href));
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
    window.history.replaceState(null, '', urlWithToken(window.location.href, next));
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
