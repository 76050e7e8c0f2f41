// The shape of retier's YAML configuration, validated once at start-up. Business knobs are data.
import { z } from "zod";

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

const entityMapping = (entity: EntityName) =>
  z
    .object({
      table: identifier.optional(),
      columns: z.record(z.string(), column),
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
              transform: z.enum(["none", "log"]).default("none"),
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
      })
      .strict(),
    dedupe: z
      .object({ source_priority: z.array(z.string()), max_cluster_size: z.number().int().min(2).default(50) })
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
