// The load stage job: hands the run to the load service; the runner records the ledger around it.
import { loadStage } from "../src/load/load.service.js";
import type { StageService } from "../src/runs/stage-context.js";

export const loadJob: StageService = (ctx) => loadStage(ctx);
