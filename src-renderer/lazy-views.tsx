import { lazy } from 'react';

/*
 * The views that draw charts load on demand: the Overview, Topology, Tasks and Connection views
 * never need their code. After the first paint the chunks are fetched in the background
 * (`prefetchChartViews`), so switching views stays instant.
 */
const loadSlots = () => import('./pages/SlotsPage').then((m) => ({ default: m.SlotsPage }));
const loadTimeline = () => import('./pages/TimelinePage').then((m) => ({ default: m.TimelinePage }));
const loadQueues = () => import('./pages/QueuesPage').then((m) => ({ default: m.QueuesPage }));

export const SlotsPage = lazy(loadSlots);
export const TimelinePage = lazy(loadTimeline);
export const QueuesPage = lazy(loadQueues);

/** Starts loading the chart views' code; safe to call more than once (imports are cached). */
export function prefetchChartViews(): void {
  void Promise.all([loadSlots(), loadTimeline(), loadQueues()]).catch(() => undefined);
}
