// The extract stage job: hands the run to the extract service; the runner records the ledger around it.
import { extractStage } from "../src/extract/extract.service.js";
import type { StageService } from "../src/runs/stage-context.js";

export const extractJob: StageService = (ctx) => extractStage(ctx);
