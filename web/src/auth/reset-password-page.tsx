/**
 * /reset-password: without a token, ask for a reset link by email; with the link's token in
 * the URL fragment (`#token=...`, never sent to a server), choose a new password. The token is
 * taken out of the address bar at once, so it is not left in history or shown on screen.
 */
import { useEffect, useState } from 'react';
import { useLocation } from 'react-router';
import { PageTitle } from '../components/page-title';
import { useT } from '../i18n/i18n';
import { AppLayout } from '../layout/app-layout';
import { ResetCompleteForm } from './reset-complete-form';
import { resetMessages } from './reset-messages';
import { ResetRequestForm } from './reset-request-form';

function tokenFrom(hash: string): string | undefined {
  return new URLSearchParams(hash.slice(1)).get('token') || undefined;
}

export function ResetPasswordPage() {
  const t = useT(resetMessages);
  const location = useLocation();
  const [token, setToken] = useState(() => tokenFrom(window.location.hash));
  const [done, setDone] = useState(false);

  // On arrival, or when a link changes only the fragment of this page: take the token, then
  // remove it from the address (keeping the router's own history state).
  useEffect(() => {
    const found = tokenFrom(location.hash);
    if (found) {
      setToken(found);
      setDone(false);
    }
    if (window.location.hash) {
      const { pathname, search } = window.location;
      window.history.replaceState(window.history.state, '', pathname + search);
    }
  }, [location.hash]);

  const title = done ? t('doneTitle') : token ? t('chooseTitle') : t('requestTitle');
  return (
    <AppLayout>
      <PageTitle>{title}</PageTitle>
      {token ? (
        <ResetCompleteForm
          token={token}
          done={done}
          onDone={() => setDone(true)}
          onAskAgain={() => setToken(undefined)}
        />
      ) : (
        <ResetRequestForm />
      )}
    </AppLayout>
  );
}
