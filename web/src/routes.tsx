/**
 * Every page of the web app. Each area keeps its own route list in its folder; pages load
 * lazily, so the first load carries only the frame and the page asked for.
 */
import { Center, Loader } from '@mantine/core';
import { Outlet, createBrowserRouter, type RouteObject } from 'react-router';
import { authRoutes } from './auth/routes';
import { consoleRoutes } from './console/routes';
import { NotFoundPage } from './layout/not-found-page';
import { portalRoutes } from './portal/routes';
import { publicRoutes } from './public/routes';
import { securityRoutes } from './security/routes';
import { IdleTimeout } from './session/idle-timeout';
import { HomeRedirect } from './session/guards';

/** Shown while the first page's code loads. */
function PageLoading() {
  return (
    <Center h="50vh" role="status" aria-label="Loading">
      <Loader />
    </Center>
  );
}

function Root() {
  return (
    <>
      <IdleTimeout />
      <Outlet />
    </>
  );
}

const routes: RouteObject[] = [
  {
    element: <Root />,
    HydrateFallback: PageLoading,
    children: [
      { path: '/', element: <HomeRedirect /> },
      ...publicRoutes,
      ...authRoutes,
      ...portalRoutes,
      ...consoleRoutes,
      ...securityRoutes,
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

export const router = createBrowserRouter(routes);
