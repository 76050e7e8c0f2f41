// Reads the YAML configuration and the environment once, validates both, and freezes the result.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import type { z } from "zod";
import { ConfigError } from "../errors.js";
import { checkConfig } from "./check.js";
import { configSchema, type FileConfig } from "./schema.js";

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

export interface RuntimeEnv {
  warehouseUrl: string;
  redisUrl: string;
  smtpUrl: string | undefined;
  queuePrefix: string;
  outDir: string;
  logLevel: string;
  dashboardToken: string | undefined;
}

export interface AppConfig extends FileConfig {
  readonly configPath: string;
  readonly configHash: string;
  readonly env: RuntimeEnv;
  /** Source name → connection URL, read from each source's url_env. */
  readonly sourceUrls: Readonly<Record<string, string>>;
}

type Env = Record<string, string | undefined>;

function readYaml(path: string, seen: Set<string>): Record<string, unknown> {
  if (seen.has(path)) throw new ConfigError(`${path}: extends forms a cycle`);
  seen.add(path);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (cause) {
    throw new ConfigError(`cannot read config file ${path}`, { cause });
  }
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (cause) {
    throw new ConfigError(`${path}: not valid YAML: ${(cause as Error).message}`, { cause });
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc))
    throw new ConfigError(`${path}: expected a mapping at the top level`);
  const { extends: parent, ...rest } = doc as Record<string, unknown>;
  if (parent === undefined) return rest;
  if (typeof parent !== "string") throw new ConfigError(`${path}: extends: expected a file name`);
  return deepMerge(readYaml(resolve(dirname(path), parent), seen), rest);
}

/** Objects merge key by key; arrays and scalars in the child replace the parent's. */
function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] =
      v && b && typeof v === "object" && typeof b === "object" && !Array.isArray(v) && !Array.isArray(b)
        ? deepMerge(b as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

function formatIssues(path: string, issues: z.core.$ZodIssue[]): string {
  const lines = issues.map((i) => `  ${i.path.length ? i.path.join(".") : "(top)"}: ${i.message}`);
  return `invalid configuration in ${path}:\n${lines.join("\n")}`;
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === "object" && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

export interface LoadOptions {
  /** Config file; defaults to RETIER_CONFIG, then defaultPath, then config/default.yaml. */
  path?: string;
  defaultPath?: string;
  env?: Env;
  /** Replace parts of the file config (tests, CLI flags); validated like the file. */
  overrides?: Record<string, unknown>;
  /** Variables laid over the environment (e.g. the demo's local SMTP capture URL). */
  envOverrides?: Env;
}

export function loadConfig(opts: LoadOptions = {}): AppConfig {
  const env = { ...(opts.env ?? process.env), ...opts.envOverrides };
  const raw = opts.path ?? env.RETIER_CONFIG ?? opts.defaultPath ?? "config/default.yaml";
  const path = isAbsolute(raw)
    ? raw
    : resolve(env.RETIER_CONFIG && !opts.path ? process.cwd() : PROJECT_ROOT, raw);
  const doc = deepMerge(readYaml(path, new Set()), opts.overrides ?? {});
  const parsed = configSchema.safeParse(doc);
  if (!parsed.success) throw new ConfigError(formatIssues(path, parsed.error.issues));
  const file = parsed.data;
  const problems = checkConfig(file);
  if (problems.length)
    throw new ConfigError(`invalid configuration in ${path}:\n${problems.map((p) => `  ${p}`).join("\n")}`);

  const sourceUrls: Record<string, string> = {};
  for (const s of file.sources) {
    const url = env[s.url_env] ?? s.default_url;
    if (!url) throw new ConfigError(`source ${s.name}: set ${s.url_env} to its connection URL`);
    sourceUrls[s.name] = url;
  }
  const runtime: RuntimeEnv = {
    warehouseUrl: env.WAREHOUSE_URL ?? "postgres://postgres@127.0.0.1:5432/retier",
    redisUrl: env.REDIS_URL ?? "redis://127.0.0.1:6379",
    smtpUrl: env.SMTP_URL || undefined,
    queuePrefix: env.RETIER_QUEUE_PREFIX ?? "retier",
    outDir: resolve(PROJECT_ROOT, env.RETIER_OUT_DIR ?? "out"),
    logLevel: env.LOG_LEVEL ?? "info",
    dashboardToken: env.RETIER_DASHBOARD_TOKEN || undefined,
  };
  if (!/^[A-Za-z0-9_-]+$/.test(runtime.queuePrefix))
    throw new ConfigError(
      `RETIER_QUEUE_PREFIX: expected letters, digits, _ or -, got ${JSON.stringify(runtime.queuePrefix)}`,
    );
  const configHash = createHash("sha256").update(JSON.stringify(file)).digest("hex").slice(0, 16);
  return deepFreeze({ ...file, configPath: path, configHash, env: runtime, sourceUrls });
}

/** The environment for a child process of ours: this one's, with `overrides` laid over it. */
export function childEnv(overrides: Env): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}
