// Reads the vendored reference tables under config/reference/ once; the lookups themselves are pure.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigError } from "../errors.js";
import { buildRegionTable, type CsvFile, type RegionTable } from "./region-table.js";

export const REFERENCE_DIR = fileURLToPath(new URL("../../config/reference/", import.meta.url));

export async function loadRegionTable(dir: string = REFERENCE_DIR): Promise<RegionTable> {
  const [provinces, cities] = await Promise.all([
    readCsv(join(dir, "gbt2260-provinces.csv")),
    readCsv(join(dir, "gbt2260-cities.csv")),
  ]);
  return buildRegionTable(provinces, cities);
}

async function readCsv(path: string): Promise<CsvFile> {
  try {
    return { path, text: await readFile(path, "utf8") };
  } catch (cause) {
    throw new ConfigError(`${path}: expected a readable reference table`, { cause });
  }
}
