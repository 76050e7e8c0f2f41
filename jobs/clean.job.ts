// The clean stage job: hands the run to the clean service; the runner records the ledger around it.
import { cleanStage } from "../src/clean/clean.service.js";
import type { StageService } from "../src/runs/stage-context.js";

export const cleanJob: StageService = (ctx) => cleanStage(ctx);
