import { Suspense, useEffect, useMemo, useState } from 'react';
import { AlertBanner } from './components/AlertBanner/AlertBanner';
import { ConnectionBanner } from './components/ConnectionBanner/ConnectionBanner';
import { HelpOverlay } from './components/HelpOverlay/HelpOverlay';
import { NavBar } from './components/NavBar/NavBar';
import { useAlerts } from './hooks/useAlerts';
import { useAppInfo } from './hooks/useAppInfo';
import { useKeyboardShortcuts } from './hooks/useKeyboardShortcuts';
import { AlertsPage } from './pages/AlertsPage';
import { AuditPage } from './pages/AuditPage';
import { ConnectionPage } from './pages/ConnectionPage';
import { OverviewPage } from './pages/OverviewPage';
import { prefetchChartViews, QueuesPage, SlotsPage, TimelinePage } from './lazy-views';
import { SchedulesPage } from './pages/SchedulesPage';
import { TasksPage } from './pages/TasksPage';
import { TopologyPage } from './pages/TopologyPage';
import { VIEWS, type ViewId } from './views';

/** The console shell: navigation, banners, shortcuts (1–9 and 0, `/`, `?`) and the current view. */
export function App({ initialView = 'overview' }: { initialView?: ViewId }) {
  const [view, setView] = useState<ViewId>(initialView);
  const [help, setHelp] = useState(false);
  const [queue, setQueue] = useState<string | null>(null);
  const [searchFocus, setSearchFocus] = useState(0);
  const { readOnly } = useAppInfo();
  const { alerts, reload: reloadAlerts } = useAlerts();

  const shortcuts = useMemo(() => {
    const map: Record<string, () => void> = {
      '?': () => setHelp((h) => !h),
      Escape: () => setHelp(false),
      '/': () => {
        setView('tasks');
        setSearchFocus((n) => n + 1);
      },
    };
    for (const v of VIEWS) map[v.key] = () => setView(v.id);
    return map;
  }, []);
  useKeyboardShortcuts(shortcuts);
  useEffect(prefetchChartViews, []);

  const openTasks = (name: string) => {
    setQueue(name);
    setView('tasks');
  };

  return (
    <div className="app" data-testid="app" data-view={view} data-read-only={String(readOnly)}>
      <NavBar current={view} onSelect={setView} onHelp={() => setHelp(true)} readOnly={readOnly} />
      <ConnectionBanner />
      <AlertBanner alerts={alerts} onOpen={() => setView('alerts')} />
      <main>
        {/* Until a lazy view's code arrived; the view's own root then says loading/ready as always. */}
        <Suspense
          fallback={
            <p className="page muted" data-testid="view-loading" data-state="loading">
              Loading the view…
            </p>
          }
        >
          {view === 'overview' && (
            <OverviewPage
              alerts={alerts}
              onOpenAlerts={() => setView('alerts')}
              onOpenQueue={(name) => {
                setQueue(name);
                setView('queues');
              }}
            />
          )}
          {view === 'slots' && <SlotsPage />}
          {view === 'topology' && <TopologyPage />}
          {view === 'timeline' && <TimelinePage />}
          {view === 'queues' && <QueuesPage selected={queue} onSelect={setQueue} onOpenTasks={openTasks} />}
          {view === 'tasks' && <TasksPage queue={queue} onQueue={setQueue} focusSearch={searchFocus} />}
          {view === 'schedules' && <SchedulesPage />}
          {view === 'audit' && <AuditPage />}
          {view === 'connection' && <ConnectionPage />}
          {view === 'alerts' && <AlertsPage alerts={alerts} onChanged={reloadAlerts} />}
        </Suspense>
      </main>
      {help && <HelpOverlay onClose={() => setHelp(false)} />}
    </div>
  );
}
