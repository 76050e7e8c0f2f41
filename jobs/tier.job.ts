// The tier stage job: hands the run to the tier service; the runner records the ledger around it.
import { tierStage } from "../src/tier/tier.service.js";
import type { StageService } from "../src/runs/stage-context.js";

export const tierJob: StageService = (ctx) => tierStage(ctx);
