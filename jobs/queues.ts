// Queue names, the job payload, and the connection settings every BullMQ client here uses.
import type { RedisOptions } from "bullmq";
import type { Stage } from "../src/runs/quarter.js";

/** Every stage job carries only a reference to its run; stages read their inputs from the warehouse. */
export interface StagePayload {
  runId: string;
  quarter: string;
}
export type JobPayloads = { [S in Stage]: StagePayload };

export const queueName = (stage: Stage): string => `stage-${stage}`;

/**
 * Connection options, not client instances: BullMQ then owns its connections and closes them on
 * close(). Workers block on Redis and must never give up on a command (BullMQ requirement).
 */
export function workerConnection(redisUrl: string): RedisOptions {
  return { url: redisUrl, maxRetriesPerRequest: null };
}

/** Producers fail fast: a CLI command should not hang when Redis is down. */
export function producerConnection(redisUrl: string): RedisOptions {
  return { url: redisUrl, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 5000 };
}

export function parsePayload(data: unknown): StagePayload {
  const d = data as Partial<StagePayload> | null;
  if (!d || typeof d.runId !== "string" || typeof d.quarter !== "string")
    throw new Error(`job payload: expected {runId, quarter}, got ${JSON.stringify(data)}`);
  return { runId: d.runId, quarter: d.quarter };
}
