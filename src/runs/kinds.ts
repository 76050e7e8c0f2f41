// Run kinds and the stages each runs, in order. Pure.
import { STAGES, type Stage } from "./quarter.js";

/**
 * retier: the quarterly re-tier, every stage through the mail to finance. sync: the nightly incremental
 * sync, extract and clean only, so staging and core stay fresh between quarters; it publishes nothing
 * and mails no one (a failure still alerts the data engineers).
 */
export const RUN_KINDS = ["retier", "sync"] as const;
export type RunKind = (typeof RUN_KINDS)[number];

export const KIND_STAGES: Readonly<Record<RunKind, readonly Stage[]>> = {
  retier: STAGES,
  sync: ["extract", "clean"],
};

/** What every sync run's params carry: extract reads only the rows changed since the last extract. */
export const SYNC_PARAMS = { mode: "incremental" } as const;

export function parseKind(text: string): RunKind {
  if (!(RUN_KINDS as readonly string[]).includes(text))
    throw new Error(`unknown run kind ${JSON.stringify(text)}: expected one of ${RUN_KINDS.join(", ")}`);
  return text as RunKind;
}
