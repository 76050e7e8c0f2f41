// `retier dashboard`: Bull Board over the stage queues (what Redis still holds) and the run ledger's
// pages (everything, from Postgres), behind the token check. Bull Board is read-only: retries go
// through `retier retry`, which keeps the ledger and the flow in step.
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import express, { type NextFunction, type Request, type Response } from "express";
import type { AppConfig } from "../config/load.js";
import type { Db } from "../db/warehouse.js";
import { errorMessage } from "../errors.js";
import type { Logger } from "../log.js";
import { getRun, getStages, listRuns } from "../runs/ledger.js";
import { STAGES } from "../runs/quarter.js";
import { listEvents } from "../runs/run-events.js";
import { openStageQueues } from "../ops/flow-jobs.js";
import { checkBinding, requireToken } from "./auth.js";
import { renderRunPage, renderRunsPage } from "./runs-page.js";

export interface DashboardOptions {
  host: string;
  port: number;
}

export interface Dashboard {
  url: string;
  port: number;
  close(): Promise<void>;
}

const QUEUES_PATH = "/queues";

const text = (v: unknown): string | undefined => (typeof v === "string" && v ? v : undefined);

export async function startDashboard(
  deps: { db: Db; config: AppConfig; log: Logger },
  opts: DashboardOptions,
): Promise<Dashboard> {
  const token = deps.config.env.dashboardToken;
  checkBinding(opts.host, token);
  const { queues, close: closeQueues } = openStageQueues(deps.config);

  const board = new ExpressAdapter();
  board.setBasePath(QUEUES_PATH);
  createBullBoard({
    queues: STAGES.map(
      (s) =>
        new BullMQAdapter(queues[s], {
          readOnlyMode: true,
          externalJobUrl: (job) => ({
            displayText: "run ledger",
            href: `/runs/${encodeURIComponent(String(job.data?.runId ?? ""))}`,
          }),
        }),
    ),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: "retier", miscLinks: [{ text: "Runs", url: "/runs" }] } },
  });

  const app = express();
  app.disable("x-powered-by");
  // Every request, Bull Board's API included, passes the token check when a token is set.
  if (token) app.use(requireToken(token));
  app.get("/", (_req, res) => res.redirect(302, "/runs"));
  app.get("/runs", async (req, res) => {
    const filter = { status: text(req.query.status), quarter: text(req.query.quarter), limit: 200 };
    res.type("html").send(renderRunsPage(await listRuns(deps.db, filter), filter, QUEUES_PATH));
  });
  app.get("/runs/:runId", async (req, res) => {
    const run = await getRun(deps.db, req.params.runId);
    if (!run) return void res.status(404).type("text/plain").send("no such run\n");
    const [stages, events] = await Promise.all([
      getStages(deps.db, run.run_id),
      listEvents(deps.db, run.run_id),
    ]);
    res.type("html").send(renderRunPage(run, stages, events, QUEUES_PATH));
  });
  app.get("/api/runs", async (req, res) => {
    res.json(
      await listRuns(deps.db, {
        status: text(req.query.status),
        quarter: text(req.query.quarter),
        limit: 200,
      }),
    );
  });
  app.get("/api/runs/:runId", async (req, res) => {
    const run = await getRun(deps.db, req.params.runId);
    if (!run) return void res.status(404).json({ error: "no such run" });
    const [stages, events] = await Promise.all([
      getStages(deps.db, run.run_id),
      listEvents(deps.db, run.run_id),
    ]);
    res.json({ run, stages, events });
  });
  app.use(QUEUES_PATH, board.getRouter());
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    deps.log.error(`dashboard: ${errorMessage(err)}`);
    res.status(500).type("text/plain").send("internal error\n");
  });

  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(opts.port, opts.host, () => resolve(s));
    s.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  const shown = opts.host.includes(":") ? `[${opts.host}]` : opts.host;
  deps.log.info(`dashboard on http://${shown}:${port}/runs${token ? " (token required)" : ""}`);
  return {
    url: `http://${shown}:${port}`,
    port,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await closeQueues();
    },
  };
}
