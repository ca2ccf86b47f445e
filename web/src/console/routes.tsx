/** The staff console, under /console. */
import type { RouteObject } from 'react-router';

export const consoleRoutes: RouteObject[] = [
  {
    path: '/console',
    lazy: async () => ({ Component: (await import('./console-home-page')).ConsoleHomePage }),
  },
];
