/**
 * Worker-thread entry: owns the PP-OCR sessions and reads plates on request,
 * so OCR never blocks the main thread. Started by worker-plate-reader.ts.
 */
import { parentPort, workerData } from "node:worker_threads";
import { errorMessage } from "../errors.js";
import { createOcrEngine, type OcrEngine } from "./ocr-engine.js";
import { readPlates } from "./plate-reader.js";
import type { FromPlateWorker, PlateWorkerInit, ToPlateWorker } from "./plate-worker-protocol.js";

function serve(port: NonNullable<typeof parentPort>, engine: OcrEngine): void {
  const send = (message: FromPlateWorker): void => port.postMessage(message);
  // One request at a time: the sessions are not shared between concurrent runs.
  let queue = Promise.resolve();
  port.on("message", (message: ToPlateWorker) => {
    if (message.type === "close") {
      void queue.then(() => engine.close()).finally(() => port.close());
      return;
    }
    const { id, width, height, data, vehicle } = message;
    queue = queue.then(() =>
      readPlates(engine, { width, height, data }, vehicle).then(
        (reading) => send({ type: "result", id, reading }),
        (error: unknown) => send({ type: "failed", id, message: errorMessage(error) }),
      ),
    );
  });
}

async function start(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error("plate-worker.ts must run in a worker thread");
  const { threads } = workerData as PlateWorkerInit;
  try {
    serve(port, await createOcrEngine({ threads }));
    port.postMessage({ type: "ready" } satisfies FromPlateWorker);
  } catch (error) {
    port.postMessage({ type: "init-failed", message: errorMessage(error) } satisfies FromPlateWorker);
    port.close();
  }
}

await start();
