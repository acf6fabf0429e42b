import type { NodesView } from './cluster-view';

/** The four splits of the partition drill (issue 16). */
export type ScenarioName = 'minority-master' | 'replica-cut' | 'split-3-3' | 'clients-cut-from-master';

/** One split: nothing passes between `sideA` and `sideB` (loopback addresses). */
export interface ScenarioCut {
  name: ScenarioName;
  sideA: string[];
  sideB: string[];
  /** What the split does, for the report. */
  description: string;
}

const hostOf = (address: string) => address.slice(0, address.lastIndexOf(':'));

/**
 * Builds the cut of a scenario from the live view (roles move between scenarios: scenario 1
 * leaves its old master a replica). `clientHost` is the clients' source address.
 */
export function scenarioCut(name: ScenarioName, view: NodesView, clientHost: string): ScenarioCut {
  const masters = view.nodes.filter((n) => n.role === 'master' && n.slots.length > 0);
  const m1 = masters[0]!;
  const others = view.nodes.filter((n) => n.id !== m1.id).map((n) => hostOf(n.address));
  switch (name) {
    case 'minority-master':
      return {
        name,
        sideA: [hostOf(m1.address)],
        sideB: others,
        description: `master ${m1.address} cut from every other node; clients still reach it`,
      };
    case 'replica-cut': {
      const r = view.nodes.find((n) => n.role === 'replica')!;
      return {
        name,
        sideA: [hostOf(r.address)],
        sideB: view.nodes.filter((n) => n.id !== r.id).map((n) => hostOf(n.address)),
        description: `replica ${r.address} cut from every other node`,
      };
    }
    case 'split-3-3': {
      // With 3 masters one side always holds 2 of them; this side holds m1 with its own replica,
      // so the other side cannot cover m1's slots and the first cannot reach a majority.
      const r1 = view.nodes.find((n) => n.role === 'replica' && n.masterId === m1.id);
      const r2 = view.nodes.find((n) => n.role === 'replica' && n.masterId === masters[1]?.id);
      const a = [m1, r1, r2].filter((n) => n !== undefined).map((n) => hostOf(n.address));
      return {
        name,
        sideA: a,
        sideB: view.nodes.map((n) => hostOf(n.address)).filter((h) => !a.includes(h)),
        description: `nodes split ${a.length}|${view.nodes.length - a.length}: ${a.join(',')} | the rest`,
      };
    }
    case 'clients-cut-from-master':
      return {
        name,
        sideA: [clientHost],
        sideB: [hostOf(m1.address)],
        description: `clients (${clientHost}) cut from master ${m1.address} only; the cluster is whole`,
      };
  }
}
