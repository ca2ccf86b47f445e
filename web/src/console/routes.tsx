/** The staff console, under /console: every page staff only, each loaded when first opened. */
import type { RouteObject } from 'react-router';

export const consoleRoutes: RouteObject[] = [
  {
    path: '/console',
    lazy: async () => ({ Component: (await import('./console-root')).ConsoleRoot }),
    children: [
      {
        index: true,
        lazy: async () => ({ Component: (await import('./console-home-page')).ConsoleHomePage }),
      },
      {
        path: 'patients/:patientId',
        lazy: async () => ({
          Component: (await import('./patient-chart-page')).PatientChartPage,
        }),
      },
      {
        path: 'break-glass-reviews',
        lazy: async () => ({
          Component: (await import('./break-glass-reviews-page')).BreakGlassReviewsPage,
        }),
      },
      {
        path: 'audit',
        lazy: async () => ({ Component: (await import('./audit-page')).AuditPage }),
      },
      {
        path: 'staff',
        lazy: async () => ({ Component: (await import('./staff-page')).StaffPage }),
      },
      {
        path: 'change-requests',
        lazy: async () => ({
          Component: (await import('./change-requests-page')).ChangeRequestsPage,
        }),
      },
      {
        path: 'schedule',
        lazy: async () => ({ Component: (await import('./schedule-page')).SchedulePage }),
      },
      {
        path: 'messages',
        lazy: async () => ({ Component: (await import('./inbox-page')).InboxPage }),
      },
      {
        path: 'messages/:threadId',
        lazy: async () => ({
          Component: (await import('./conversation-page')).ConversationPage,
        }),
      },
      {
        path: 'settings',
        lazy: async () => ({
          Component: (await import('./practice-settings-page')).PracticeSettingsPage,
        }),
      },
    ],
  },
];
