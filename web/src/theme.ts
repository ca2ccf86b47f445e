/**
 * Haven's Mantine theme. Colours were picked for WCAG 2.1 AA contrast on white (4.5:1 for
 * text): the primary shade is a darker teal than Mantine's default, and "dimmed" text is
 * gray 7 (8:1) instead of gray 6 (3.3:1).
 */
import {
  createTheme,
  type CSSVariablesResolver,
  type MantineColorSchemeManager,
} from '@mantine/core';

export const theme = createTheme({
  // Mantine's teal, with shades 8 and 9 darkened: a filled button hovers to shade 8, which must
  // still hold white text at 4.5:1 (Mantine's own #099268 is 3.9:1).
  colors: {
    teal: [
      '#e6fcf5',
      '#c3fae8',
      '#96f2d7',
      '#63e6be',
      '#38d9a9',
      '#20c997',
      '#12b886',
      '#0ca678',
      '#087f5b',
      '#066649',
    ],
  },
  primaryColor: 'teal',
  primaryShade: 9,
  // Text on filled components turns black or white by the background's luminance.
  autoContrast: true,
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  defaultRadius: 'md',
});

/**
 * Mantine keeps the colour scheme in localStorage by default; Haven writes nothing to browser
 * storage (ONC 170.315(d)(7)), so the scheme follows the page's life only.
 */
export function memoryColorSchemeManager(): MantineColorSchemeManager {
  let value: 'light' | 'dark' | 'auto' = 'light';
  return {
    get: () => value,
    set: (next) => {
      value = next;
    },
    subscribe: () => {},
    unsubscribe: () => {},
    clear: () => {
      value = 'light';
    },
  };
}

/** The per-response style nonce Haven puts in index.html, for Mantine's <style> tags (CSP). */
export function styleNonce(): string {
  return document.querySelector('meta[name="haven-style-nonce"]')?.getAttribute('content') ?? '';
}

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    // Field errors: Mantine's red 6 is 3.6:1 on white; red 9 is 5.5:1.
    '--mantine-color-error': 'var(--mantine-color-red-9)',
  },
  dark: {},
});
