// What the ops integration tests share: a private TestEnv with an SMTP capture, the demo sources seeded
// up to a quarter's end, a flow producer and the stage queues. Workers stay with each test: some swap
// configs or run them in child processes.
import type { FlowProducer } from "bullmq";
import { flowProducer } from "../../src/cli/app.js";
import type { AppConfig } from "../../src/config/load.js";
import { seedDemo } from "../../src/demo/seed.service.js";
import { openStageQueues, type StageQueues } from "../../src/ops/flow-jobs.js";
import { parseQuarter, quarterBounds } from "../../src/runs/quarter.js";
import { createTestEnv, type TestEnv } from "./env.js";
import { startSmtpCapture, type SmtpCapture } from "./smtp.js";

export interface OpsWorld {
  t: TestEnv;
  smtp: SmtpCapture;
  /** The test env's config with SMTP_URL set to the capture (and the given overrides). */
  config: AppConfig;
  /** The end of the seeded quarter: the demo data stops there. */
  anchor: Date;
  producer: FlowProducer;
  queues: { queues: StageQueues; close(): Promise<void> };
  close(): Promise<void>;
}

export async function createOpsWorld(
  label: string,
  opts: { seed: number; quarter?: string; overrides?: Record<string, unknown> },
): Promise<OpsWorld> {
  const t = await createTestEnv(label);
  const smtp = await startSmtpCapture();
  const closeBase = async () => {
    await smtp.close();
    await t.cleanup();
  };
  try {
    const config = t.config({ env: { SMTP_URL: smtp.url }, overrides: opts.overrides });
    const anchor = quarterBounds(parseQuarter(opts.quarter ?? "2026Q3"), config.timezone).end;
    await seedDemo({
      erpUrl: t.erpUrl,
      crmUrl: t.crmUrl,
      customers: 300,
      seed: opts.seed,
      anchor,
      log: t.log,
    });
    const producer = flowProducer(config);
    const queues = openStageQueues(config);
    return {
      t,
      smtp,
      config,
      anchor,
      producer,
      queues,
      async close() {
        await queues.close();
        await producer.close();
        await closeBase();
      },
    };
  } catch (err) {
    await closeBase();
    throw err;
  }
}
