/** Pages for people not signed in yet: sign-in, enrolment, sign-up, password reset. */
import { Navigate, type RouteObject } from 'react-router';

export const authRoutes: RouteObject[] = [
  {
    path: '/sign-in',
    lazy: async () => ({ Component: (await import('./sign-in-page')).SignInPage }),
  },
  {
    path: '/enrol',
    lazy: async () => ({ Component: (await import('./enrol-page')).EnrolPage }),
  },
  {
    path: '/sign-up',
    lazy: async () => ({ Component: (await import('./sign-up-page')).SignUpPage }),
  },
  {
    path: '/reset-password',
    lazy: async () => ({ Component: (await import('./reset-password-page')).ResetPasswordPage }),
  },
  // The new-device alert email links here (server/src/identity/sign-in/sign-in-emails.ts).
  { path: '/forgot-password', element: <Navigate to="/reset-password" replace /> },
];
