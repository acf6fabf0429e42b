/** The console's views, in shortcut order (keys 1–9). */
export const VIEWS = [
  { id: 'overview', label: 'Overview', key: '1' },
  { id: 'slots', label: 'Slots', key: '2' },
  { id: 'topology', label: 'Topology', key: '3' },
  { id: 'timeline', label: 'Failovers', key: '4' },
  { id: 'queues', label: 'Queues', key: '5' },
  { id: 'tasks', label: 'Tasks', key: '6' },
  { id: 'audit', label: 'Audit', key: '7' },
  { id: 'connection', label: 'Connection', key: '8' },
  { id: 'alerts', label: 'Alerts', key: '9' },
] as const;
export type ViewId = (typeof VIEWS)[number]['id'];
