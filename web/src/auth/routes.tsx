/** Pages for people not signed in yet: sign-in, enrolment, sign-up, password reset. */
import type { RouteObject } from 'react-router';

export const authRoutes: RouteObject[] = [
  {
    path: '/sign-in',
    lazy: async () => ({ Component: (await import('./sign-in-page')).SignInPage }),
  },
];
