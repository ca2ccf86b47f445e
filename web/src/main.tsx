import '@mantine/core/styles.css';
import './styles.css';
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { LanguageProvider } from './i18n/i18n';
import { router } from './routes';
import { SessionProvider } from './session/session';
import { cssVariablesResolver, memoryColorSchemeManager, styleNonce, theme } from './theme';

// Health data lives only in this in-memory cache (never in browser storage) and is dropped
// soon after a page stops using it, and entirely at sign-out.
const queryClient = new QueryClient({
  defaultOptions: {
    queries: { gcTime: 60_000, retry: 1, refetchOnWindowFocus: false },
  },
});

// react-remove-scroll (behind Mantine's Modal) writes a <style> tag and takes its nonce from
// this global; without it the strict CSP blocks the tag.
(globalThis as { __webpack_nonce__?: string }).__webpack_nonce__ = styleNonce();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <MantineProvider
      theme={theme}
      cssVariablesResolver={cssVariablesResolver}
      colorSchemeManager={memoryColorSchemeManager()}
      getStyleNonce={styleNonce}
    >
      <QueryClientProvider client={queryClient}>
        <LanguageProvider>
          <SessionProvider>
            <RouterProvider router={router} />
          </SessionProvider>
        </LanguageProvider>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
