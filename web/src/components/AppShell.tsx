import { useEffect, useState } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Activity,
  Bell,
  ChartNoAxesCombined,
  CalendarClock,
  CalendarRange,
  HeartPulse,
  Library,
  LayoutDashboard,
  ListVideo,
  LogOut,
  Menu,
  Newspaper,
  Server,
  Settings,
  Tv,
  UserRound,
  Users,
  X,
  type LucideIcon,
} from 'lucide-react';
import { getUnreadCount, unreadCountQueryKey } from '../api/alerts';
import { isAdmin, logout, meQueryKey, useMe } from '../api/auth';
import type { Me } from '../api/types';
import { focusRing } from './Button';

interface NavItem {
  to: string;
  label: string;
  icon: LucideIcon;
  /** Who may use the page behind the link; the link is hidden from everyone else. */
  visible: (me: Me) => boolean;
}

const navItems: NavItem[] = [
  { to: '/', label: 'Dashboard', icon: LayoutDashboard, visible: () => true },
  { to: '/guide', label: 'Guide', icon: Newspaper, visible: () => true },
  { to: '/providers', label: 'Providers', icon: Server, visible: isAdmin },
  { to: '/channels', label: 'Channels', icon: ListVideo, visible: isAdmin },
  { to: '/epg', label: 'EPG', icon: CalendarRange, visible: isAdmin },
  { to: '/library', label: 'Library', icon: Library, visible: isAdmin },
  { to: '/health', label: 'Health', icon: HeartPulse, visible: isAdmin },
  { to: '/jobs', label: 'Jobs', icon: CalendarClock, visible: isAdmin },
  { to: '/live', label: 'Live', icon: Activity, visible: isAdmin },
  { to: '/analytics', label: 'Analytics', icon: ChartNoAxesCombined, visible: isAdmin },
  { to: '/notifications', label: 'Notifications', icon: Bell, visible: isAdmin },
  { to: '/users', label: 'Users', icon: Users, visible: isAdmin },
  { to: '/settings', label: 'Settings', icon: Settings, visible: isAdmin },
  { to: '/account', label: 'Account', icon: UserRound, visible: () => true },
];

/** Sidebar on wide screens, a top bar with a toggled menu on narrow ones. */
export function AppShell() {
  const { data: me } = useMe();
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  useEffect(() => setMenuOpen(false), [location.pathname]);
  useEffect(() => {
    if (!menuOpen) return;
    const closeOnEscape = (event: KeyboardEvent) => event.key === 'Escape' && setMenuOpen(false);
    window.addEventListener('keydown', closeOnEscape);
    return () => window.removeEventListener('keydown', closeOnEscape);
  }, [menuOpen]);

  const signOut = useMutation({
    mutationFn: logout,
    onSettled: () => {
      queryClient.clear();
      queryClient.setQueryData(meQueryKey, null);
      void navigate('/login', { replace: true });
    },
  });

  const admin = isAdmin(me);
  const unread = useQuery({
    queryKey: unreadCountQueryKey,
    queryFn: ({ signal }) => getUnreadCount(signal),
    enabled: admin,
    refetchInterval: 60_000,
  });
  const unreadCount = admin ? (unread.data ?? 0) : 0;

  if (!me) return null;
  const items = navItems.filter((item) => item.visible(me));

  return (
    <div className="min-h-dvh md:flex">
      <a
        href="#main"
        className={`sr-only z-50 rounded bg-white px-3 py-2 text-sm focus:not-sr-only focus:fixed focus:left-2 focus:top-2 dark:bg-slate-900 ${focusRing}`}
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-40 flex items-center justify-between border-b border-slate-200 bg-white px-4 py-3 md:hidden dark:border-slate-800 dark:bg-slate-900">
        <Brand />
        <div className="flex items-center gap-1">
          {admin && <BellLink count={unreadCount} />}
          <button
            type="button"
            className={`rounded-md p-2 hover:bg-slate-100 dark:hover:bg-slate-800 ${focusRing}`}
            aria-expanded={menuOpen}
            aria-controls="main-nav"
            aria-label={menuOpen ? 'Close menu' : 'Open menu'}
            onClick={() => setMenuOpen((open) => !open)}
          >
            {menuOpen ? <X aria-hidden="true" className="size-5" /> : <Menu aria-hidden="true" className="size-5" />}
          </button>
        </div>
      </header>

      <aside
        id="main-nav"
        className={`${menuOpen ? 'block' : 'hidden'} border-b border-slate-200 bg-white md:sticky md:top-0 md:flex md:h-dvh md:w-60 md:shrink-0 md:flex-col md:border-b-0 md:border-r dark:border-slate-800 dark:bg-slate-900`}
      >
        <div className="hidden px-5 py-4 md:block">
          <Brand />
        </div>
        <nav aria-label="Main" className="px-3 py-2 md:flex-1">
          <ul className="space-y-1">
            {items.map(({ to, label, icon: Icon }) => (
              <li key={to}>
                <NavLink
                  to={to}
                  end={to === '/'}
                  className={({ isActive }) =>
                    `flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium ${focusRing} ${
                      isActive
                        ? 'bg-indigo-50 text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300'
                        : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'
                    }`
                  }
                >
                  <Icon aria-hidden="true" className="size-4" />
                  {label}
                  {to === '/notifications' && unreadCount > 0 && <UnreadBadge count={unreadCount} />}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="border-t border-slate-200 px-3 py-3 dark:border-slate-800">
          <p className="truncate px-3 pb-2 text-xs text-slate-500 dark:text-slate-400">
            Signed in as <span className="font-medium text-slate-700 dark:text-slate-200">{me.username}</span>
          </p>
          <button
            type="button"
            onClick={() => signOut.mutate()}
            disabled={signOut.isPending}
            className={`flex w-full items-center gap-3 rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800 ${focusRing}`}
          >
            <LogOut aria-hidden="true" className="size-4" />
            Sign out
          </button>
        </div>
      </aside>

      <main id="main" tabIndex={-1} className="min-w-0 flex-1 px-4 py-6 md:px-8 md:py-8">
        <Outlet />
      </main>
    </div>
  );
}

function UnreadBadge({ count }: { count: number }) {
  return (
    <span className="ml-auto rounded-full bg-red-600 px-1.5 py-0.5 text-xs font-semibold leading-none text-white tabular-nums">
      {count > 99 ? '99+' : count}
      <span className="sr-only"> unread</span>
    </span>
  );
}

/** The bell of the narrow screen's top bar: notifications and their unread count, without opening the menu. */
function BellLink({ count }: { count: number }) {
  return (
    <NavLink
      to="/notifications"
      aria-label={count > 0 ? `Notifications, ${count} unread` : 'Notifications'}
      className={`relative rounded-md p-2 hover:bg-slate-100 dark:hover:bg-slate-800 ${focusRing}`}
    >
      <Bell aria-hidden="true" className="size-5" />
      {count > 0 && (
        <span aria-hidden="true" className="absolute -right-0.5 -top-0.5 min-w-4 rounded-full bg-red-600 px-1 text-center text-[10px] font-semibold leading-4 text-white">
          {count > 99 ? '99+' : count}
        </span>
      )}
    </NavLink>
  );
}

function Brand() {
  return (
    <span className="flex items-center gap-2 font-semibold">
      <Tv aria-hidden="true" className="size-5 text-indigo-600 dark:text-indigo-400" />
      M3U-STRM
    </span>
  );
}
