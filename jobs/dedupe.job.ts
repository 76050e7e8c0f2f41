// The dedupe stage job: hands the run to the dedupe service; the runner records the ledger around it.
import { dedupeStage } from "../src/dedupe/dedupe.service.js";
import type { StageService } from "../src/runs/stage-context.js";

export const dedupeJob: StageService = (ctx) => dedupeStage(ctx);
