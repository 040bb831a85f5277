import type { ProblemDetails } from './types';

/** An API call that did not succeed. `status` is 0 when the server could not be reached. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: ProblemDetails;

  constructor(status: number, problem: ProblemDetails) {
    super(problemMessage(status, problem));
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }

  /** Validation messages for one request field, matched loosely (new_password = NewPassword). */
  fieldErrors(field: string): string[] {
    const errors = this.problem.errors;
    if (!errors) return [];
    const wanted = normaliseField(field);
    return Object.entries(errors)
      .filter(([key]) => normaliseField(key) === wanted)
      .flatMap(([, messages]) => messages);
  }

  /** True when the login needs (another) TOTP code. */
  get requiresTwoFactor(): boolean {
    return this.problem.requires_two_factor === true;
  }
}

function normaliseField(name: string): string {
  return name.replace(/[^a-z0-9]/gi, '').toLowerCase();
}

function problemMessage(status: number, problem: ProblemDetails): string {
  if (problem.detail) return problem.detail;
  if (problem.title) return problem.title;
  if (status === 0) return 'Could not reach the server.';
  return `Request failed with status ${status}.`;
}

/** Reads an error response into problem details, tolerating non-JSON bodies (proxies, HTML pages). */
export async function parseProblem(response: Response): Promise<ProblemDetails> {
  const contentType = response.headers.get('content-type') ?? '';
  let text = '';
  try {
    text = await response.text();
  } catch {
    // A body that cannot be read still leaves us the status.
  }
  if (contentType.includes('json') && text) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        const problem = parsed as ProblemDetails;
        return { ...problem, status: typeof problem.status === 'number' ? problem.status : response.status };
      }
    } catch {
      // Fall through to the generic problem below.
    }
  }
  return { status: response.status, title: response.statusText || undefined };
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  /** A multipart body (file uploads); the browser sets its Content-Type with the boundary. */
  form?: FormData;
  signal?: AbortSignal;
}

/**
 * Calls the API with the auth cookie. The browser adds a same-origin Origin header to unsafe
 * requests, which is what the server's CSRF check wants, so nothing else is needed here.
 */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const init: RequestInit = {
    method: options.method ?? 'GET',
    credentials: 'same-origin',
    headers,
    signal: options.signal,
  };
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  } else if (options.form) {
    init.body = options.form;
  }

  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, {});
  }

  if (!response.ok) {
    throw new ApiError(response.status, await parseProblem(response));
  }
  if (response.status === 204 || response.status === 205) {
    return undefined as T;
  }
  const text = await response.text();
  if (!text) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    // E.g. an HTML page from a proxy or the SPA fallback instead of the API.
    throw new ApiError(response.status, { title: 'Unexpected response from the server.' });
  }
}

/** The text to show a person for any error thrown by a query or mutation. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong.';
}
