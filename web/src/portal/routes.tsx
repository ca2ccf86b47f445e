/** The patient portal, under /portal: a patient's own record, or one they hold as a proxy. */
import type { RouteObject } from 'react-router';

export const portalRoutes: RouteObject[] = [
  { path: '/portal', lazy: async () => ({ Component: (await import('./home-page')).HomePage }) },
];
