// `retier dedupe evaluate [RUN]`: pairwise and cluster precision, recall and F1 of a run's customer
// matches against the demo ground truth.
import type { Command } from "commander";
import { evaluateRun, type ExampleRow } from "../dedupe/evaluate.service.js";
import { openApp } from "./app.js";
import { table } from "./format.js";

const DEMO_CONFIG = "config/demo.yaml";

const f4 = (x: number) => x.toFixed(4);

function examples(title: string, groups: ExampleRow[][]): string {
  if (groups.length === 0) return "";
  const rows = groups.flatMap((g, k) => g.map((r) => ({ "#": k + 1, ...r })));
  return `\n${title}\n${table(rows, ["#", "source", "source_key", "name", "customer_id", "entity_id"])}\n`;
}

export function registerDedupeCommands(program: Command): void {
  const dedupe = program.command("dedupe").description("customer deduplication");
  dedupe
    .command("evaluate [run]")
    .description(
      "precision, recall and F1 of a run's matches (default: the latest deduplicated) against the demo ground truth",
    )
    .option("--truth-source <name>", "the source whose database holds schema truth", "erp")
    .option("--examples <n>", "also list up to n wrong merges and n missed matches", "0")
    .option("--json", "print the scores as JSON")
    .option("--config <file>", "configuration file (default: $RETIER_CONFIG, else config/demo.yaml)")
    .action(
      async (
        run: string | undefined,
        opts: { truthSource: string; examples: string; json?: boolean; config?: string },
      ) => {
        const app = openApp({ path: opts.config, defaultPath: DEMO_CONFIG });
        try {
          const truthUrl = app.config.sourceUrls[opts.truthSource];
          if (!truthUrl)
            throw new Error(`--truth-source: no source named ${opts.truthSource} in the configuration`);
          const e = await evaluateRun(app.db, truthUrl, { runId: run, examples: Number(opts.examples) });
          if (opts.json) {
            console.log(JSON.stringify(e, null, 2));
            return;
          }
          console.log(
            `run ${e.runId}: ${e.records} source customers scored against the ground truth` +
              (e.unlabelled ? ` (${e.unlabelled} without truth left out)` : "") +
              `; ${e.clusters} customers found, ${e.entities} real\n`,
          );
          const p = e.pairwise;
          const c = e.cluster;
          console.log(
            table(
              [
                {
                  level: "pairwise",
                  precision: f4(p.precision),
                  recall: f4(p.recall),
                  f1: f4(p.f1),
                  detail: `${p.truePositives} of ${p.predictedPairs} linked pairs right; ${p.truePairs} true pairs`,
                },
                {
                  level: "cluster",
                  precision: f4(c.precision),
                  recall: f4(c.recall),
                  f1: f4(c.f1),
                  detail: `${c.exact} customers exactly right`,
                },
              ],
              ["level", "precision", "recall", "f1", "detail"],
            ),
          );
          process.stdout.write(
            examples("wrong merges (one customer_id, several real customers):", e.examples.falseMerges),
          );
          process.stdout.write(
            examples("missed matches (one real customer, several customer_ids):", e.examples.missed),
          );
        } finally {
          await app.close();
        }
      },
    );
}
