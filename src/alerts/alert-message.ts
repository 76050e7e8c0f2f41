// The failure alert as data: what failed, why, and the commands that retry or inspect it. Pure.
import { shortHash } from "../email/message.js";

export interface RunFailure {
  runId: string;
  quarter: string;
  stage: string;
  error: string;
  flowAttempt: number;
}

export interface AlertMessage {
  messageId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
}

/** Names one failure of a run: a retry that fails again is a new alert. */
export const alertKey = (f: Pick<RunFailure, "stage" | "flowAttempt">): string =>
  `${f.stage}-a${f.flowAttempt}`;

export function buildAlert(f: RunFailure, recipient: string, from: string): AlertMessage {
  const text = [
    `The retier run ${f.runId} (quarter ${f.quarter}) failed at stage ${f.stage}; its retries are exhausted.`,
    "",
    `run:      ${f.runId}`,
    `quarter:  ${f.quarter}`,
    `stage:    ${f.stage}`,
    `attempt:  flow attempt ${f.flowAttempt}`,
    `error:    ${f.error}`,
    "",
    "Retry the failed stage (the stages after it follow; earlier stages' output is reused):",
    `  npx retier retry ${f.runId}`,
    "See every stage of the run:",
    `  npx retier runs ${f.runId}`,
    "Rerun from an earlier stage, or skip this one with a reason:",
    `  npx retier rerun ${f.runId} --from ${f.stage}`,
    `  npx retier stage mark ${f.runId} ${f.stage} skipped --reason "…"`,
    "",
  ].join("\n");
  return {
    messageId: `<retier-alert-${f.runId}-${alertKey(f)}-${shortHash(recipient)}@retier>`,
    from,
    to: recipient,
    subject: `[retier] run ${f.runId} failed at ${f.stage} (${f.quarter})`,
    text,
  };
}
