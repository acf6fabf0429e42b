import type { Alert } from '../../shared/types/alerts';
import type { TopologySnapshot } from '../../shared/types/topology';

/** The tray icon's colour: the cluster's state at a glance. */
export type TrayColour = 'green' | 'amber' | 'red' | 'grey';

/** What the tray shows. */
export interface TrayState {
  colour: TrayColour;
  tooltip: string;
}

/** BGRA of each colour (the byte order nativeImage.createFromBitmap takes). */
const BGRA: Record<TrayColour, [number, number, number]> = {
  green: [0x3c, 0xa0, 0x2e],
  amber: [0x10, 0xa8, 0xf0],
  red: [0x30, 0x30, 0xd8],
  grey: [0x90, 0x90, 0x90],
};

/**
 * The tray's colour and tooltip: grey while not connected (or no snapshot yet), red when the
 * cluster is failing or unreachable or slots are uncovered, amber while an alert fires or a node
 * is suspected, green otherwise.
 */
export function trayState(snapshot: TopologySnapshot | undefined, alerts: Alert[]): TrayState {
  const firing = alerts.filter((a) => a.state === 'firing');
  const alertText = firing.length ? `; ${firing.length} alert${firing.length === 1 ? '' : 's'} firing` : '';
  if (!snapshot) return { colour: 'grey', tooltip: `Slotline: not connected${alertText}` };
  if (!snapshot.reachable) return { colour: 'red', tooltip: `Slotline: cluster unreachable${alertText}` };
  const c = snapshot.coverage;
  if (snapshot.clusterState === 'fail' || c.fail > 0 || (snapshot.mode === 'cluster' && c.unassigned > 0))
    return {
      colour: 'red',
      tooltip: `Slotline: cluster_state ${snapshot.clusterState}, ${c.fail} slots failed, ${c.unassigned} unassigned${alertText}`,
    };
  if (c.pfail > 0 || firing.length > 0)
    return {
      colour: 'amber',
      tooltip: `Slotline: ${c.pfail > 0 ? `${c.pfail} slots suspected` : 'cluster ok'}${alertText}`,
    };
  return { colour: 'green', tooltip: `Slotline: cluster ok, ${snapshot.shards.length} masters` };
}

/** A `size`×`size` BGRA bitmap of a filled circle of the colour, transparent around it. */
export function trayBitmap(colour: TrayColour, size = 16): Buffer {
  const [b, g, r] = BGRA[colour];
  const buf = Buffer.alloc(size * size * 4);
  const c = (size - 1) / 2;
  const radius = size / 2 - 1;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      if ((x - c) ** 2 + (y - c) ** 2 > radius ** 2) continue;
      buf.set([b, g, r, 0xff], (y * size + x) * 4);
    }
  return buf;
}
