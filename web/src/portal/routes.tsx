/** The patient portal, under /portal: a patient's own record, or one they hold as a proxy. */
import type { RouteObject } from 'react-router';

export const portalRoutes: RouteObject[] = [
  {
    path: '/portal',
    lazy: async () => ({ Component: (await import('./home/home-page')).HomePage }),
  },
  {
    path: '/portal/results',
    lazy: async () => ({ Component: (await import('./results/results-page')).ResultsPage }),
  },
  {
    path: '/portal/notes',
    lazy: async () => ({ Component: (await import('./notes/notes-page')).NotesPage }),
  },
  {
    path: '/portal/appointments',
    lazy: async () => ({
      Component: (await import('./appointments/appointments-page')).AppointmentsPage,
    }),
  },
  {
    path: '/portal/forms',
    lazy: async () => ({ Component: (await import('./forms/forms-page')).FormsPage }),
  },
  {
    path: '/portal/messages',
    lazy: async () => ({
      Component: (await import('./conversations/conversations-page')).ConversationsPage,
    }),
  },
  {
    path: '/portal/billing',
    lazy: async () => ({ Component: (await import('./billing/billing-page')).BillingPage }),
  },
  {
    path: '/portal/access',
    lazy: async () => ({ Component: (await import('./access/access-page')).AccessPage }),
  },
  {
    path: '/portal/sharing',
    lazy: async () => ({ Component: (await import('./sharing/sharing-page')).SharingPage }),
  },
  {
    path: '/portal/details',
    lazy: async () => ({ Component: (await import('./details/details-page')).DetailsPage }),
  },
  {
    path: '/portal/proxies',
    lazy: async () => ({ Component: (await import('./proxies/proxies-page')).ProxiesPage }),
  },
];
