import { z } from 'zod';

/** An inclusive hash-slot range, [start, end], 0–16383. */
export const SlotRangeSchema = z.tuple([z.number().int().min(0).max(16383), z.number().int().min(0).max(16383)]);
export type SlotRange = z.infer<typeof SlotRangeSchema>;

export const NodeHealthSchema = z.enum(['online', 'loading', 'pfail', 'fail', 'unknown']);
export type NodeHealth = z.infer<typeof NodeHealthSchema>;

/** One Redis node as the monitor sees it (CLUSTER SHARDS/NODES plus its own INFO). */
export const ClusterNodeSchema = z.object({
  id: z.string(),
  /** `host:port` as announced by the cluster. */
  address: z.string(),
  role: z.enum(['master', 'replica']),
  health: NodeHealthSchema,
  /** Raw flags from CLUSTER NODES, e.g. `fail?`, `fail`, `handshake`, `noaddr`. */
  flags: z.array(z.string()),
  /** For a replica: the master it replicates. */
  masterId: z.string().optional(),
  replicationOffset: z.number().optional(),
  /** For a replica: bytes behind its master's offset. */
  lagBytes: z.number().optional(),
  linkStatus: z.enum(['up', 'down']).optional(),
  opsPerSec: z.number().optional(),
  usedMemoryBytes: z.number().optional(),
  connectedClients: z.number().optional(),
  keys: z.number().optional(),
  /** False when the monitor could not reach this node for INFO. */
  reachable: z.boolean(),
});
export type ClusterNode = z.infer<typeof ClusterNodeSchema>;

/** A master, its slot ranges and its replicas. */
export const ShardSchema = z.object({
  slots: z.array(SlotRangeSchema),
  master: ClusterNodeSchema,
  replicas: z.array(ClusterNodeSchema),
});
export type Shard = z.infer<typeof ShardSchema>;

export const SlotCoverageSchema = z.object({
  /** Slots owned by some master. */
  assigned: z.number().int(),
  /** Slots whose owner is healthy. */
  ok: z.number().int(),
  /** Slots whose owner is suspected (pfail). */
  pfail: z.number().int(),
  /** Slots whose owner is failed. */
  fail: z.number().int(),
  unassigned: z.number().int(),
});
export type SlotCoverage = z.infer<typeof SlotCoverageSchema>;

/** A slot that is being moved between masters (an open MIGRATING/IMPORTING pair). */
export const SlotMigrationSchema = z.object({
  slot: z.number().int(),
  fromId: z.string(),
  toId: z.string(),
});
export type SlotMigration = z.infer<typeof SlotMigrationSchema>;

/** What one group of nodes says about a set of slots: who owns them (none: unassigned). */
export const SlotClaimSchema = z.object({
  ownerId: z.string().optional(),
  ownerAddress: z.string().optional(),
  slots: z.array(SlotRangeSchema),
});
export type SlotClaim = z.infer<typeof SlotClaimSchema>;

/** One distinct view of slot ownership and the nodes (`host:port`) that hold it. */
export const SlotViewSchema = z.object({
  nodes: z.array(z.string()),
  /** Owners of the contested slots in this view. */
  claims: z.array(SlotClaimSchema),
});
export type SlotView = z.infer<typeof SlotViewSchema>;

/** Nodes that answered disagree about who owns some slots. */
export const SlotDisagreementSchema = z.object({
  /** When this episode was first seen. */
  since: z.number(),
  /** The slots whose owner differs between views. */
  contested: z.array(SlotRangeSchema),
  /** Each distinct view, largest group first. */
  views: z.array(SlotViewSchema),
});
export type SlotDisagreement = z.infer<typeof SlotDisagreementSchema>;

export const TopologySnapshotSchema = z.object({
  takenAt: z.number(),
  mode: z.enum(['single', 'cluster']),
  clusterState: z.enum(['ok', 'fail', 'unknown']),
  currentEpoch: z.number().optional(),
  shards: z.array(ShardSchema),
  coverage: SlotCoverageSchema,
  migrations: z.array(SlotMigrationSchema),
  /** False when no node could be asked; `error` says why. */
  reachable: z.boolean(),
  error: z.string().optional(),
  /**
   * Set while the nodes that answered do not agree about slot ownership; the shards then show
   * the freshest view, which is not agreed.
   */
  disagreement: SlotDisagreementSchema.optional(),
});
export type TopologySnapshot = z.infer<typeof TopologySnapshotSchema>;

const base = {
  /**
   * Unique: increasing per monitor for the events it diffs; `queue-rebalanced:<queue>:<generation>`
   * for a queue rebalance, the same on every console.
   */
  id: z.string(),
  at: z.number(),
};
const nodeRef = { nodeId: z.string(), address: z.string() };

export const TopologyEventSchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('node-suspected'), ...nodeRef, role: z.enum(['master', 'replica']) }),
  z.object({ ...base, type: z.literal('node-failed'), ...nodeRef, role: z.enum(['master', 'replica']) }),
  z.object({
    ...base,
    type: z.literal('replica-promoted'),
    oldMasterId: z.string(),
    oldMasterAddress: z.string(),
    newMasterId: z.string(),
    newMasterAddress: z.string(),
    slots: z.array(SlotRangeSchema),
    epoch: z.number().optional(),
    /** From the first suspicion of the old master to the promotion, when seen. */
    durationMs: z.number().optional(),
  }),
  z.object({ ...base, type: z.literal('node-recovered'), ...nodeRef }),
  z.object({
    ...base,
    type: z.literal('node-rejoined-as-replica'),
    ...nodeRef,
    masterId: z.string(),
    masterAddress: z.string(),
  }),
  z.object({
    ...base,
    type: z.literal('slots-moved'),
    fromId: z.string(),
    fromAddress: z.string(),
    toId: z.string(),
    toAddress: z.string(),
    slots: z.array(SlotRangeSchema),
    /** From the first sighting of the open migration (MIGRATING/IMPORTING) to the move, when seen. */
    durationMs: z.number().optional(),
  }),
  z.object({ ...base, type: z.literal('node-added'), ...nodeRef, role: z.enum(['master', 'replica']) }),
  z.object({ ...base, type: z.literal('node-removed'), ...nodeRef }),
  z.object({ ...base, type: z.literal('cluster-state-changed'), from: z.string(), to: z.string() }),
  /** An episode in which nodes disagreed about slot ownership; `at` is when they agreed again. */
  z.object({
    ...base,
    type: z.literal('views-disagreed'),
    startedAt: z.number(),
    durationMs: z.number(),
    /** Every node that held a view during the episode. */
    nodes: z.array(z.string()),
    /** Every slot contested during the episode. */
    slots: z.array(SlotRangeSchema),
    /** The views as first seen. */
    views: z.array(SlotViewSchema),
  }),
  /**
   * A queue got a new generation of partitions (queue.rebalance from a console, the CLI, code or
   * the automatic rebalance), as seen in its definition in Redis; `at` is when it was rebalanced.
   */
  z.object({
    ...base,
    type: z.literal('queue-rebalanced'),
    queue: z.string(),
    /** The new generation. */
    generation: z.number().int(),
    /** The generation the console saw before (generation - 1 unless several happened in between). */
    previousGeneration: z.number().int(),
    partitionsBefore: z.number().int(),
    partitionsAfter: z.number().int(),
  }),
]);
export type TopologyEvent = z.infer<typeof TopologyEventSchema>;
export type TopologyEventType = TopologyEvent['type'];
