/**
 * Worker-thread entry: owns one in-process detector and answers detect
 * requests in order. Started by worker-detector.ts.
 */
import { parentPort, workerData } from "node:worker_threads";
import { errorMessage, isKerbsideError } from "../errors.js";
import { createDetector } from "./detector.js";
import type { Detector } from "./types.js";
import type { FromWorker, ToWorker, WireError, WorkerInit } from "./worker-protocol.js";

function toWire(error: unknown): WireError {
  return isKerbsideError(error) ? { message: error.message, code: error.code } : { message: errorMessage(error) };
}

function serve(port: NonNullable<typeof parentPort>, detector: Detector): void {
  const send = (message: FromWorker): void => port.postMessage(message);
  port.on("message", (message: ToWorker) => {
    if (message.type === "close") {
      void detector.close().finally(() => port.close());
      return;
    }
    const { id, width, height, data, options } = message;
    detector.detect({ width, height, data }, options).then(
      (detections) => send({ type: "result", id, detections }),
      (error: unknown) => send({ type: "failed", id, error: toWire(error) }),
    );
  });
}

async function start(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error("detect-worker.ts must run in a worker thread");
  const { options } = workerData as WorkerInit;
  let detector: Detector;
  try {
    detector = await createDetector(options);
  } catch (error) {
    port.postMessage({ type: "init-failed", error: toWire(error) } satisfies FromWorker);
    port.close();
    return;
  }
  serve(port, detector);
  port.postMessage({ type: "ready", card: detector.card } satisfies FromWorker);
}

await start();
