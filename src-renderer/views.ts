/** The console's views, in shortcut order (keys 1–9, then 0). */
export const VIEWS = [
  { id: 'overview', label: 'Overview', key: '1' },
  { id: 'slots', label: 'Slots', key: '2' },
  { id: 'topology', label: 'Topology', key: '3' },
  { id: 'timeline', label: 'Failovers', key: '4' },
  { id: 'queues', label: 'Queues', key: '5' },
  { id: 'tasks', label: 'Tasks', key: '6' },
  { id: 'schedules', label: 'Schedules', key: '7' },
  { id: 'alerts', label: 'Alerts', key: '8' },
  { id: 'audit', label: 'Audit', key: '9' },
  { id: 'connection', label: 'Connection', key: '0' },
] as const;
export type ViewId = (typeof VIEWS)[number]['id'];
