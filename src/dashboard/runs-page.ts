// The ledger pages of the dashboard as HTML strings: every run, and one run's stages and events.
// Pure; every value from the ledger is escaped (errors can hold anything).
import type { RunRow, StageRow } from "../runs/ledger.js";
import type { RunEventRow } from "../runs/run-events.js";

const ESC: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const esc = (v: unknown): string =>
  v === null || v === undefined
    ? ""
    : String(v instanceof Date ? iso(v) : v).replace(/[&<>"']/g, (c) => ESC[c]!);

function iso(d: Date | string | null): string {
  if (!d) return "";
  return new Date(d).toISOString().replace("T", " ").slice(0, 19);
}

function duration(a: Date | null, b: Date | null): string {
  if (!a || !b) return "";
  const s = (new Date(b).getTime() - new Date(a).getTime()) / 1000;
  return s < 120 ? `${s.toFixed(1)} s` : `${(s / 60).toFixed(1)} min`;
}

const STYLE = `body{font:14px system-ui,sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse}
td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f4f4f4}
.succeeded{color:#17803d}.failed{color:#c0262d;font-weight:600}.running,.queued{color:#1d5fbf}
.cancelled,.skipped,.pending{color:#777}.err{max-width:40em;white-space:pre-wrap;font-size:12px}
nav a{margin-right:1em}code{background:#f4f4f4;padding:1px 4px}`;

function page(title: string, body: string, queuesPath: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>${STYLE}</style></head><body><nav><a href="/runs">Runs</a><a href="${esc(queuesPath)}">Queues (Bull Board)</a></nav>
<h1>${esc(title)}</h1>${body}</body></html>`;
}

function table(head: string[], rows: string[][]): string {
  const th = head.map((h) => `<th>${esc(h)}</th>`).join("");
  const trs = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("\n");
  return `<table><thead><tr>${th}</tr></thead><tbody>${trs}</tbody></table>`;
}

const status = (s: string) => `<span class="${esc(s)}">${esc(s)}</span>`;
const STATUSES = ["", "queued", "running", "succeeded", "failed", "cancelled"];

export function renderRunsPage(
  runs: readonly RunRow[],
  filter: { status?: string; quarter?: string },
  queuesPath: string,
): string {
  const options = STATUSES.map(
    (s) =>
      `<option value="${s}"${s === (filter.status ?? "") ? " selected" : ""}>${s || "any status"}</option>`,
  ).join("");
  const form = `<form method="get"><select name="status">${options}</select>
<input name="quarter" placeholder="2026Q3" value="${esc(filter.quarter)}" size="8"> <button>filter</button></form><p></p>`;
  const rows = runs.map((r) => [
    `<a href="/runs/${encodeURIComponent(r.run_id)}">${esc(r.run_id)}</a>`,
    esc(r.quarter),
    esc(r.kind),
    esc(r.trigger),
    status(r.status),
    esc(r.flow_attempt ?? 0),
    esc(iso(r.created_at)),
    esc(duration(r.started_at, r.finished_at)),
    `<div class="err">${esc(r.error)}</div>`,
  ]);
  const body = runs.length
    ? table(
        ["run", "quarter", "kind", "trigger", "status", "attempt", "created (UTC)", "took", "error"],
        rows,
      )
    : "<p>No runs match.</p>";
  return page("retier runs", form + body, queuesPath);
}

export function renderRunPage(
  run: RunRow,
  stages: readonly StageRow[],
  events: readonly RunEventRow[],
  queuesPath: string,
): string {
  const facts = table(
    ["quarter", "kind", "trigger", "status", "flow attempt", "as of", "created", "finished", "config"],
    [
      [
        esc(run.quarter),
        esc(run.kind),
        esc(run.trigger),
        status(run.status),
        esc(run.flow_attempt ?? 0),
        esc(iso(run.as_of_at)),
        esc(iso(run.created_at)),
        esc(iso(run.finished_at)),
        `<code>${esc(run.config_hash)}</code>`,
      ],
    ],
  );
  const jobLink = (s: StageRow) =>
    s.job_id
      ? `<a href="${esc(`${queuesPath}/queue/stage-${s.stage}/${encodeURIComponent(s.job_id)}`)}">${esc(s.job_id)}</a>`
      : "";
  const stageRows = stages.map((s) => [
    esc(s.stage),
    status(s.status),
    esc(s.attempts),
    esc(s.rows_in),
    esc(s.rows_out),
    esc(s.rows_rejected),
    esc(duration(s.started_at, s.finished_at)),
    jobLink(s),
    `<div class="err">${esc(s.error)}</div>`,
  ]);
  const eventRows = events.map((e) => [
    esc(iso(e.created_at)),
    esc(e.event),
    esc(e.stage),
    esc(e.actor),
    esc(e.reason),
    `<code>${esc(JSON.stringify(e.details))}</code>`,
  ]);
  const hint =
    run.status === "failed"
      ? `<p>Retry from the failed stage: <code>npx retier retry ${esc(run.run_id)}</code></p>`
      : "";
  const body = [
    facts,
    run.error ? `<p class="failed err">${esc(run.error)}</p>` : "",
    hint,
    "<h2>Stages</h2>",
    table(
      ["stage", "status", "attempts", "rows in", "rows out", "rejected", "took", "job", "error"],
      stageRows,
    ),
    "<h2>Operator actions</h2>",
    events.length
      ? table(["at (UTC)", "action", "stage", "by", "reason", "details"], eventRows)
      : "<p>None.</p>",
  ].join("\n");
  return page(`run ${run.run_id}`, body, queuesPath);
}
