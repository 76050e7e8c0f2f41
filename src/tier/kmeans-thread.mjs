// Worker-thread entry of kmeans-parallel.ts. A worker thread does not inherit the main thread's
// TypeScript loader, so it registers tsx for itself, then runs the TypeScript body.
import { register } from "tsx/esm/api";

register();
await import("./kmeans-thread.ts");
