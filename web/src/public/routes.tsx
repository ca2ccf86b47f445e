/** Pages anyone may open: the privacy notice, and the page after signing out. */
import type { RouteObject } from 'react-router';

export const publicRoutes: RouteObject[] = [
  {
    path: '/privacy',
    lazy: async () => ({ Component: (await import('./privacy-page')).PrivacyPage }),
  },
  {
    path: '/signed-out',
    lazy: async () => ({ Component: (await import('./signed-out-page')).SignedOutPage }),
  },
];
