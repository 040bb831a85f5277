import { Route, Routes } from 'react-router';
import { AppShell } from './components/AppShell';
import { RequireAdmin, RequireAuth } from './components/RequireAuth';
import { AccountPage } from './pages/account/AccountPage';
import { DashboardPage } from './pages/dashboard/DashboardPage';
import { LoginPage } from './pages/login/LoginPage';
import { NotFoundPage } from './pages/not-found/NotFoundPage';
import { UsersPage } from './pages/users/UsersPage';
import { ProvidersPage } from './pages/providers/ProvidersPage';
import { ProviderFormPage } from './pages/providers/ProviderFormPage';
import { ProviderDetailPage } from './pages/providers/ProviderDetailPage';
import { ChannelsPage } from './pages/channels/ChannelsPage';
import { ChannelDetailPage } from './pages/channels/ChannelDetailPage';
import { JobsPage } from './pages/jobs/JobsPage';
import { EpgPage } from './pages/epg/EpgPage';
import { EpgSourcePage } from './pages/epg/EpgSourcePage';
import { GuidePage } from './pages/guide/GuidePage';
import { HealthPage } from './pages/health/HealthPage';
import { StreamHealthPage } from './pages/health/StreamHealthPage';
import { AnalyticsPage } from './pages/analytics/AnalyticsPage';
import { UserEngagementPage } from './pages/analytics/UserEngagementPage';
import { LivePage } from './pages/live/LivePage';
import { LibraryPage } from './pages/library/LibraryPage';
import { NotificationsPage } from './pages/notifications/NotificationsPage';
import { SettingsPage } from './pages/settings/SettingsPage';
import type { ReactNode } from 'react';

const admin = (page: ReactNode) => <RequireAdmin>{page}</RequireAdmin>;

/**
 * The route table. Everything but /login needs a session; /users, /providers, /channels, /epg, /health, /jobs, /analytics, /live, /library, /notifications and /settings
 * need the admin role too (/guide is for every signed-in user).
 */
export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireAuth>
            <AppShell />
          </RequireAuth>
        }
      >
        <Route index element={<DashboardPage />} />
        <Route path="account" element={<AccountPage />} />
        <Route path="guide" element={<GuidePage />} />
        <Route
          path="users"
          element={
            <RequireAdmin>
              <UsersPage />
            </RequireAdmin>
          }
        />
        <Route path="providers" element={admin(<ProvidersPage />)} />
        <Route path="providers/new" element={admin(<ProviderFormPage />)} />
        <Route path="providers/:id" element={admin(<ProviderDetailPage />)} />
        <Route path="providers/:id/edit" element={admin(<ProviderFormPage />)} />
        <Route path="channels" element={admin(<ChannelsPage />)} />
        <Route path="channels/:id" element={admin(<ChannelDetailPage />)} />
        <Route path="epg" element={admin(<EpgPage />)} />
        <Route path="epg/sources/:id" element={admin(<EpgSourcePage />)} />
        <Route path="health" element={admin(<HealthPage />)} />
        <Route path="health/streams/:id" element={admin(<StreamHealthPage />)} />
        <Route path="jobs" element={admin(<JobsPage />)} />
        <Route path="analytics" element={admin(<AnalyticsPage />)} />
        <Route path="analytics/users/:id" element={admin(<UserEngagementPage />)} />
        <Route path="live" element={admin(<LivePage />)} />
        <Route path="library" element={admin(<LibraryPage />)} />
        <Route path="notifications" element={admin(<NotificationsPage />)} />
        <Route path="settings" element={admin(<SettingsPage />)} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
