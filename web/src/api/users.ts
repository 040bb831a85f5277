import { api } from './client';
import type { CreateUserRequest, Page, UpdateUserRequest, User } from './types';

export const usersQueryKey = ['admin', 'users'] as const;

export const listUsers = (page: number, pageSize: number, signal?: AbortSignal) =>
  api<Page<User>>(`/api/admin/users?page=${page}&page_size=${pageSize}`, { signal });

export const createUser = (request: CreateUserRequest) =>
  api<User>('/api/admin/users', { method: 'POST', body: request });

export const updateUser = (id: string, request: UpdateUserRequest) =>
  api<User>(`/api/admin/users/${encodeURIComponent(id)}`, { method: 'PUT', body: request });

export const deleteUser = (id: string) =>
  api<void>(`/api/admin/users/${encodeURIComponent(id)}`, { method: 'DELETE' });
