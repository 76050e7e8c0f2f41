// Loads named SQL statements from sql/<stage>/<name>.sql (each opens with a comment on its parameters).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { PROJECT_ROOT } from "../config/load.js";

const cache = new Map<string, string>();

export function sqlFile(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(resolve(PROJECT_ROOT, "sql", `${name}.sql`), "utf8");
    cache.set(name, text);
  }
  return text;
}
