/**
 * Route guards. They only decide what to show; the server decides what may be read, so a
 * guard that let someone through would still meet a 401 or 404 from the API.
 */
import { Loader, Center } from '@mantine/core';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useSession } from './session';

function Waiting() {
  return (
    <Center h="50vh" role="status" aria-label="Loading">
      <Loader />
    </Center>
  );
}

export function RequireSignedIn({ children }: { children: ReactNode }) {
  const { loading, stage } = useSession();
  const location = useLocation();
  if (loading) return <Waiting />;
  if (stage !== 'active') {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/sign-in?next=${next}`} replace />;
  }
  return <>{children}</>;
}

export function RequireStaff({ children }: { children: ReactNode }) {
  const { loading, stage, staffPractices } = useSession();
  if (loading) return <Waiting />;
  if (stage !== 'active') return <RequireSignedIn>{children}</RequireSignedIn>;
  if (staffPractices.length === 0) return <Navigate to="/portal" replace />;
  return <>{children}</>;
}

/** `/`: the console for staff, the portal for patients and proxies, sign-in otherwise. */
export function HomeRedirect() {
  const { loading, stage, staffPractices } = useSession();
  if (loading) return <Waiting />;
  if (stage !== 'active') return <Navigate to="/sign-in" replace />;
  return <Navigate to={staffPractices.length > 0 ? '/console' : '/portal'} replace />;
}
