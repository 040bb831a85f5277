import { useQuery } from '@tanstack/react-query';
import { api, ApiError } from './client';
import type { ChangePasswordRequest, LoginRequest, Me } from './types';

export const meQueryKey = ['auth', 'me'] as const;

/** The signed-in user, or null when the server answers 401. */
export async function fetchMe(signal?: AbortSignal): Promise<Me | null> {
  try {
    return await api<Me>('/api/auth/me', { signal });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function useMe() {
  return useQuery({
    queryKey: meQueryKey,
    queryFn: ({ signal }) => fetchMe(signal),
    staleTime: 60_000,
    retry: false,
  });
}

export const login = (request: LoginRequest) =>
  api<Me>('/api/auth/login', { method: 'POST', body: request });

export const logout = () => api<void>('/api/auth/logout', { method: 'POST' });

export const changePassword = (request: ChangePasswordRequest) =>
  api<void>('/api/me/password', { method: 'PUT', body: request });

export const rotatePlaybackToken = () =>
  api<{ playback_token: string }>('/api/me/playback-token', { method: 'POST' });

export function isAdmin(me: Pick<Me, 'roles'> | null | undefined): boolean {
  return me?.roles.some((role) => role.toLowerCase() === 'admin') ?? false;
}

export const rotateXtreamPassword = () =>
  api<{ xtream_password: string }>('/api/me/xtream-password', { method: 'POST' });
