// The shape of retier's YAML configuration, validated once at start-up. Business knobs are data.
import { z } from "zod";

/** A PostgreSQL memory size for a transaction's work_mem (hashes and sorts spill to disk above it). */
const memorySize = z
  .string()
  .regex(/^[1-9][0-9]*(kB|MB|GB)$/, "a PostgreSQL memory size such as 256MB")
  .default("256MB");

const identifier = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/, "a plain SQL identifier like schema.table");
const column = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "a plain SQL column name");
const tierCode = z.string().regex(/^[a-z][a-z0-9_-]*$/, "a lower-case tier code");

export const CANONICAL_FIELDS = {
  customer: ["source_key", "name", "phone", "email", "region", "credit_code", "created_at", "updated_at"],
  order: ["source_key", "customer_key", "order_at", "currency", "total_amount", "due_at"],
  order_line: ["source_key", "order_key", "quantity", "amount", "cost_amount"],
  payment: ["source_key", "order_key", "amount", "paid_at"],
  credit: ["source_key", "customer_key", "rating", "defaults_12m", "rated_at"],
} as const;
export type EntityName = keyof typeof CANONICAL_FIELDS;
export const ENTITY_NAMES = Object.keys(CANONICAL_FIELDS) as EntityName[];

/** Fields that may be left out of a mapping (extracted as NULL). */
const OPTIONAL_FIELDS = new Set([
  "phone",
  "email",
  "region",
  "credit_code",
  "created_at",
  "updated_at",
  "due_at",
  "cost_amount",
  "rated_at",
]);

/** Split a large table by ranges of `column` (its primary key) into partitions read in parallel. */
const partition = z
  .object({ column, rows_per_partition: z.number().int().positive().default(1_000_000) })
  .strict();

/** Incremental sync: the source column that says when a row last changed, and how far to re-read. */
const incremental = z
  .object({ column, lookback_seconds: z.number().int().nonnegative().default(300) })
  .strict();

const entityMapping = (entity: EntityName) =>
  z
    .object({
      table: identifier.optional(),
      columns: z.record(z.string(), column),
      partition: partition.optional(),
      incremental: incremental.optional(),
    })
    .strict()
    .superRefine((m, ctx) => {
      if (!m.table) ctx.addIssue({ code: "custom", message: "a table to read from", path: ["table"] });
      const allowed = new Set<string>(CANONICAL_FIELDS[entity]);
      for (const key of Object.keys(m.columns)) {
        if (!allowed.has(key))
          ctx.addIssue({
            code: "custom",
            path: ["columns", key],
            message: `one of ${CANONICAL_FIELDS[entity].join(", ")}`,
          });
      }
      for (const f of CANONICAL_FIELDS[entity]) {
        if (!OPTIONAL_FIELDS.has(f) && !(f in m.columns))
          ctx.addIssue({ code: "custom", path: ["columns", f], message: `a source column for ${f}` });
      }
    });

const source = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_]*$/, "a lower-case source name"),
    client: z.enum(["pg", "mysql2"]),
    url_env: z.string().regex(/^[A-Z][A-Z0-9_]*$/, "an environment variable name"),
    default_url: z
      .string()
      .refine(
        (u) => !/\/\/[^/@]*:[^/@]*@/.test(u),
        "a URL without a password (secrets come from the environment)",
      )
      .optional(),
    statement_timeout_ms: z.number().int().positive().default(600_000),
    /** Partitions of one table read at once, each on its own source and warehouse connection (pools hold 4). */
    max_parallel: z.number().int().min(1).max(3).default(2),
    entities: z
      .object({
        customer: entityMapping("customer").optional(),
        order: entityMapping("order").optional(),
        order_line: entityMapping("order_line").optional(),
        payment: entityMapping("payment").optional(),
        credit: entityMapping("credit").optional(),
      })
      .strict(),
  })
  .strict();

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const test = z
  .object({
    field: z.string(),
    op: z.enum(["eq", "ne", "gt", "gte", "lt", "lte", "in", "not_in", "is_null", "not_null"]),
    value: z.union([scalar, z.array(scalar)]).optional(),
  })
  .strict();
export type RuleTest = z.infer<typeof test>;
export type RuleCondition = RuleTest | { all: RuleCondition[] } | { any: RuleCondition[] };
const condition: z.ZodType<RuleCondition> = z.lazy(() =>
  z.union([
    test,
    z.object({ all: z.array(condition) }).strict(),
    z.object({ any: z.array(condition) }).strict(),
  ]),
);

const rule = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, "a lower-case rule id"),
    description: z.string().default(""),
    when: condition,
    then: z.union([
      z.object({ set: tierCode }).strict(),
      z.object({ floor: tierCode }).strict(),
      z.object({ cap: tierCode }).strict(),
      z.object({ max_drop: z.number().int().min(0) }).strict(),
      z.object({ tag: z.string().min(1) }).strict(),
    ]),
  })
  .strict();
export type Rule = z.infer<typeof rule>;

const matrix = z.array(z.array(z.number().positive()));

export const configSchema = z
  .object({
    timezone: z.string().refine((tz) => {
      try {
        new Intl.DateTimeFormat("en-US", { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, "an IANA time zone such as Asia/Shanghai"),
    schedule: z.object({ retier: z.string(), sync: z.string() }).strict(),
    evaluation: z.object({ window_months: z.number().int().min(1).max(60) }).strict(),
    currency: z
      .object({ base: z.string().length(3), rates: z.record(z.string().length(3), z.number().positive()) })
      .strict(),
    tiers: z
      .array(
        z
          .object({ code: tierCode, zh: z.string(), en: z.string(), min_score: z.number().min(0).max(100) })
          .strict(),
      )
      .min(2),
    scoring: z
      .object({
        method: z.enum(["threshold", "kmeans", "hybrid"]),
        seed: z.number().int(),
        kmeans: z
          .object({
            inits: z.number().int().min(1).default(4),
            max_iter: z.number().int().min(1).default(300),
            tol: z.number().nonnegative().default(1e-4),
            sample_size: z.number().int().min(100).default(100_000),
          })
          .strict(),
        indicators: z.record(
          z.string(),
          z
            .object({
              feature: column,
              direction: z.enum(["higher", "lower"]),
              transform: z.enum(["none", "log", "symlog"]).default("none"),
            })
            .strict(),
        ),
        criteria: z.record(
          z.string(),
          z
            .object({
              indicators: z.array(z.string()).min(1),
              pairwise: matrix.optional(),
              weights: z.array(z.number().nonnegative()).optional(),
            })
            .strict(),
        ),
        pairwise: z.object({ criteria: matrix }).strict().optional(),
        weights: z
          .object({ criteria: z.array(z.number().nonnegative()) })
          .strict()
          .optional(),
      })
      .strict(),
    rules: z.array(rule).default([]),
    clean: z
      .object({
        max_reject_rate: z.number().min(0).max(1),
        amount_tolerance_cny: z.number().nonnegative().default(0.01),
        /** PostgreSQL work_mem for the clean transaction: its hash aggregates of keys spill to disk below it. */
        work_mem: memorySize,
      })
      .strict(),
    // Entity resolution (src/dedupe/): strong keys, blocking, Fellegi–Sunter scoring, clustering.
    dedupe: z
      .object({
        source_priority: z.array(z.string()),
        /** A cluster above this is split on its weakest links (and a key shared by more records is ignored). */
        max_cluster_size: z.number().int().min(2).default(50),
        /** PostgreSQL work_mem for the dedupe's publish: its joins of a run's keys with the identity tables. */
        work_mem: memorySize,
        /** Records sharing one of these are one customer, unless their credit codes differ. */
        strong_keys: z
          .array(z.enum(["credit_code", "mobile", "email"]))
          .default(["credit_code", "mobile", "email"]),
        /** Candidate pairs are the records sharing one of these blocking keys. */
        blocking: z
          .array(z.enum(["name_key", "name_head", "phone", "email_domain"]))
          .default(["name_key", "name_head", "phone", "email_domain"]),
        /** A larger block is compared by sorted neighbourhood (each record with the next `window`). */
        max_block_size: z.number().int().min(2).default(200),
        window: z.number().int().min(1).default(20),
        /** Match weight (sum over comparisons of log2 m/u) from which a candidate pair is one customer. */
        match_threshold: z.number().default(9),
        /** Keys shorter than this (characters) are weak evidence: their similarity is capped below "exact". */
        short_name_length: z.number().int().min(1).default(4),
        short_name_cap: z.number().min(0).max(1).default(0.9),
        free_mail_domains: z
          .array(z.string())
          .default([
            "qq.com",
            "163.com",
            "126.com",
            "sina.com",
            "foxmail.com",
            "139.com",
            "yeah.net",
            "sohu.com",
          ]),
        comparisons: z
          .array(
            z
              .object({
                field: z.enum(["name", "credit_code", "phone", "email", "region", "location"]),
                comparator: z.enum(["exact", "jaro_winkler", "name", "phone", "email", "region"]),
                // The first level whose `at_least` the similarity reaches; below all levels: the
                // disagreement level with m = 1 − Σm, u = 1 − Σu. Missing on either side: weight 0.
                levels: z
                  .array(
                    z
                      .object({
                        at_least: z.number().min(0).max(1),
                        m: z.number().gt(0).lt(1),
                        u: z.number().gt(0).lt(1),
                      })
                      .strict(),
                  )
                  .min(1),
              })
              .strict()
              .superRefine((c, ctx) => {
                const fits: Record<string, string[]> = {
                  name: ["name", "jaro_winkler", "exact"],
                  phone: ["phone", "exact"],
                  email: ["email", "exact", "jaro_winkler"],
                  region: ["region", "exact"],
                  location: ["region", "exact"],
                  credit_code: ["exact", "jaro_winkler"],
                };
                if (!fits[c.field]!.includes(c.comparator))
                  ctx.addIssue({
                    code: "custom",
                    path: ["comparator"],
                    message: `one of ${fits[c.field]!.join(", ")} for ${c.field}`,
                  });
                const sum = (k: "m" | "u") => c.levels.reduce((s, l) => s + l[k], 0);
                if (sum("m") >= 1 || sum("u") >= 1)
                  ctx.addIssue({
                    code: "custom",
                    path: ["levels"],
                    message: "m and u each summing to less than 1",
                  });
                if (c.levels.some((l, i) => i > 0 && l.at_least >= c.levels[i - 1]!.at_least))
                  ctx.addIssue({
                    code: "custom",
                    path: ["levels"],
                    message: "levels in decreasing at_least order",
                  });
              }),
          )
          .min(1)
          .default([
            {
              field: "name",
              comparator: "name",
              levels: [
                { at_least: 1, m: 0.6, u: 0.0024 },
                { at_least: 0.955, m: 0.08, u: 0.0013 },
                { at_least: 0.92, m: 0.18, u: 0.011 },
                { at_least: 0.85, m: 0.07, u: 0.035 },
              ],
            },
            { field: "credit_code", comparator: "exact", levels: [{ at_least: 1, m: 0.98, u: 0.00001 }] },
            {
              field: "phone",
              comparator: "phone",
              levels: [
                { at_least: 0.9, m: 0.6, u: 0.0006 },
                { at_least: 0.5, m: 0.01, u: 0.001 },
                { at_least: 0.3, m: 0.35, u: 0.45 },
              ],
            },
            {
              field: "email",
              comparator: "email",
              levels: [
                { at_least: 1, m: 0.5, u: 0.0002 },
                { at_least: 0.7, m: 0.2, u: 0.002 },
                { at_least: 0.3, m: 0.25, u: 0.4 },
              ],
            },
            {
              field: "location",
              comparator: "region",
              levels: [
                { at_least: 1, m: 0.6, u: 0.02 },
                { at_least: 0.8, m: 0.38, u: 0.05 },
                { at_least: 0.2, m: 0.001, u: 0.3 },
              ],
            },
          ]),
      })
      .strict(),
    report: z
      .object({
        locale: z.enum(["zh-CN", "en"]),
        recipients: z.array(z.string().email()).min(1),
        mask_contacts: z.boolean().default(true),
        top_share: z.number().gt(0).lt(1).default(0.2),
        max_attachment_bytes: z.number().int().positive().default(10_000_000),
        from: z.string(),
      })
      .strict(),
    sources: z.array(source).min(1),
    // Who hears about a failed run (retries exhausted); optional: without it failures are only logged.
    alerts: z
      .object({ recipients: z.array(z.string().email()).default([]), from: z.string().optional() })
      .strict()
      .optional(),
    // Retention (src/ops/retention-plan.ts): when a run's per-source-row intermediates (staging.stg_*,
    // core.int_*) are deleted. Runs, marts, rejects, models and reports are never deleted.
    retention: z
      .object({
        /** The newest this many runs of a kind keep their rows, whatever their status. */
        keep_sync_runs: z.number().int().min(1).default(7),
        keep_retier_runs: z.number().int().min(1).default(8),
        /** Prune when a run succeeds (else only `retier prune`). */
        after_run: z.boolean().default(true),
        /** Rows per delete statement, each its own short transaction. */
        batch_rows: z.number().int().min(1000).default(50_000),
      })
      .strict()
      .default({ keep_sync_runs: 7, keep_retier_runs: 8, after_run: true, batch_rows: 50_000 }),
    demo: z
      .object({ customers: z.number().int().min(10).default(2000), seed: z.number().int().default(42) })
      .strict()
      .default({ customers: 2000, seed: 42 }),
  })
  .strict();

export type FileConfig = z.infer<typeof configSchema>;
export type SourceConfig = FileConfig["sources"][number];
export type TierConfig = FileConfig["tiers"][number];
export type ScoringConfig = FileConfig["scoring"];
