// The features stage job: hands the run to the features service; the runner records the ledger around it.
import { featuresStage } from "../src/features/features.service.js";
import type { StageService } from "../src/runs/stage-context.js";

export const featuresJob: StageService = (ctx) => featuresStage(ctx);
