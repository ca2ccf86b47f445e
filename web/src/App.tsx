import { useEffect, useState } from 'react';

type Readiness = 'checking' | 'ready' | 'not_ready' | 'unreachable';

async function fetchReadiness(): Promise<Readiness> {
  try {
    const response = await fetch('/readyz', { cache: 'no-store' });
    const body = (await response.json()) as { status?: string };
    return body.status === 'ready' ? 'ready' : 'not_ready';
  } catch {
    return 'unreachable';
  }
}

const READINESS_TEXT: Record<Readiness, string> = {
  checking: 'Checking the service…',
  ready: 'The service is running.',
  not_ready: 'The service is starting or its database is unavailable.',
  unreachable: 'The service cannot be reached.',
};

/**
 * The first page of the web app. The patient portal and the staff console arrive with the
 * portal issue; this page says what Haven is and whether the service is up.
 */
export function App() {
  const [readiness, setReadiness] = useState<Readiness>('checking');
  useEffect(() => {
    void fetchReadiness().then(setReadiness);
  }, []);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <p className="brand">Haven</p>
      </header>
      <main id="main" tabIndex={-1}>
        <h1>Your health record, private by design</h1>
        <p>
          Haven is a patient portal and clinic platform. Your records are encrypted before they are
          stored, every access is logged, and you can see who looked at your record.
        </p>
        <p role="status" aria-live="polite" className={`status status-${readiness}`}>
          {READINESS_TEXT[readiness]}
        </p>
        <p>
          Developers: the HTTP API is described at <a href="/openapi.json">/openapi.json</a>.
        </p>
      </main>
    </>
  );
}
