/**
 * ONC 170.315(d)(7): nothing of the record is left on the device. The page's origin must have
 * nothing in localStorage, sessionStorage, IndexedDB or Cache Storage, and no service worker.
 */
import type { Page } from 'playwright-core';

export interface StoredOnDevice {
  localStorage: string[];
  sessionStorage: string[];
  indexedDb: string[];
  cacheStorage: string[];
  serviceWorkers: number;
}

export async function storedOnDevice(page: Page): Promise<StoredOnDevice> {
  return page.evaluate(async () => {
    const keys = (storage: Storage) =>
      Array.from({ length: storage.length }, (_, i) => storage.key(i) ?? '');
    const databases = await indexedDB.databases();
    const caches = 'caches' in window ? await window.caches.keys() : [];
    const workers =
      'serviceWorker' in navigator ? await navigator.serviceWorker.getRegistrations() : [];
    return {
      localStorage: keys(window.localStorage),
      sessionStorage: keys(window.sessionStorage),
      indexedDb: databases.map((d) => d.name ?? '?'),
      cacheStorage: caches,
      serviceWorkers: workers.length,
    };
  });
}

/** Throws, saying what was found, if the page left anything in browser storage. */
export async function noStoredHealthData(page: Page): Promise<void> {
  const found = await storedOnDevice(page);
  const empty =
    found.localStorage.length === 0 &&
    found.sessionStorage.length === 0 &&
    found.indexedDb.length === 0 &&
    found.cacheStorage.length === 0 &&
    found.serviceWorkers === 0;
  if (!empty) {
    throw new Error(`browser storage is not empty on ${page.url()}: ${JSON.stringify(found)}`);
  }
}
