/**
 * The one way the web app talks to Haven: same-origin JSON with the session cookie, and the
 * CSRF token (from the sign-in answer or GET /api/auth/session) on every state-changing call.
 * The token lives in this module's memory only: nothing is written to browser storage.
 */

export interface ApiIssue {
  location?: string;
  message: string;
}

/** An error answer from Haven, in its plain-words form. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: readonly ApiIssue[] = [],
  ) {
    super(message);
  }
}

let csrfToken: string | undefined;

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export async function errorFrom(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as {
      error?: { code?: string; message?: string; issues?: ApiIssue[] };
    };
    if (body.error?.message) {
      return new ApiError(
        response.status,
        body.error.code ?? 'error',
        body.error.message,
        body.error.issues ?? [],
      );
    }
  } catch {
    // not JSON: fall through to the generic answer
  }
  return new ApiError(response.status, 'error', `The service answered ${response.status}.`);
}

/** Calls Haven; resolves with the JSON body (undefined for 204), rejects with ApiError. */
export async function api<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (UNSAFE.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'Haven cannot be reached. Check your connection.');
  }
  if (!response.ok) throw await errorFrom(response);
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return (await response.text()) as T;
  return (await response.json()) as T;
}

export const apiGet = <T>(path: string) => api<T>('GET', path);
export const apiPost = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});
export const apiPut = <T>(path: string, body?: unknown) => api<T>('PUT', path, body ?? {});
export const apiDelete = <T>(path: string) => api<T>('DELETE', path);
