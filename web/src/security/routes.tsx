/** The account security page, for everyone signed in (patients, proxies and staff). */
import type { RouteObject } from 'react-router';

export const securityRoutes: RouteObject[] = [
  {
    path: '/security',
    lazy: async () => ({ Component: (await import('./security-page')).SecurityPage }),
  },
];
