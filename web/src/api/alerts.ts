import { api } from './client';
import type { AlertRule, AlertRuleRequest, MarkedRead, NotificationPage, Webhook, WebhookRequest, WebhookTestResult } from './types';

export const notificationsQueryKey = ['admin', 'notifications'] as const;
export const unreadCountQueryKey = [...notificationsQueryKey, 'unread-count'] as const;
export const alertRulesQueryKey = ['admin', 'alert-rules'] as const;
export const webhooksQueryKey = ['admin', 'webhooks'] as const;

export const listNotifications = (unreadOnly: boolean, page: number, pageSize: number, signal?: AbortSignal) =>
  api<NotificationPage>(`/api/admin/notifications?${unreadOnly ? 'unread=true&' : ''}page=${page}&page_size=${pageSize}`, { signal });

/** The unread count (the page's `unread`), fetching a single row. */
export const getUnreadCount = async (signal?: AbortSignal) =>
  (await api<NotificationPage>('/api/admin/notifications?unread=true&page_size=1', { signal })).unread;

export const markNotificationRead = (id: number) => api<void>(`/api/admin/notifications/${id}/read`, { method: 'POST' });

export const markAllNotificationsRead = () => api<MarkedRead>('/api/admin/notifications/read-all', { method: 'POST' });

export const listAlertRules = (signal?: AbortSignal) => api<AlertRule[]>('/api/admin/alerts/rules', { signal });

export const updateAlertRule = (id: number, request: AlertRuleRequest) =>
  api<AlertRule>(`/api/admin/alerts/rules/${id}`, { method: 'PUT', body: request });

export const listWebhooks = (signal?: AbortSignal) => api<Webhook[]>('/api/admin/webhooks', { signal });

export const createWebhook = (request: WebhookRequest) => api<Webhook>('/api/admin/webhooks', { method: 'POST', body: request });

export const deleteWebhook = (id: number) => api<void>(`/api/admin/webhooks/${id}`, { method: 'DELETE' });

export const testWebhook = (id: number) => api<WebhookTestResult>(`/api/admin/webhooks/${id}/test`, { method: 'POST' });

/** Only the fields given change; leave `url` out to keep the stored (secret) URL. */
export const updateWebhook = (id: number, request: WebhookRequest) =>
  api<Webhook>(`/api/admin/webhooks/${id}`, { method: 'PUT', body: request });
