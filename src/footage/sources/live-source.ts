/** rtsp / http cameras, and files replayed live: a SegmentRecorder each. */
import type { RecordInput } from "../../ffmpeg/record-args.js";
import { incomingDir } from "../layout.js";
import { SegmentRecorder } from "../recorder.js";
import { redactUrl } from "../redact.js";
import type { FootageSource } from "../types.js";
import { DEFAULT_SEGMENT_SEC, type SourceContext } from "./source-context.js";

export function createLiveSource(ctx: SourceContext): FootageSource {
  const { source } = ctx.point;
  let input: RecordInput;
  let endsAtEof = false;
  if (source.kind === "rtsp") {
    input = { kind: "rtsp", url: source.url, transport: source.transport, listen: source.listen, ioTimeoutSec: ctx.tuning.ioTimeoutSec };
  } else if (source.kind === "http") {
    input = { kind: "http", url: source.url, ioTimeoutSec: ctx.tuning.ioTimeoutSec };
  } else if (source.kind === "file" && source.live) {
    input = { kind: "file", path: source.path, realtime: true, loop: source.loop ?? false };
    endsAtEof = !source.loop;
  } else {
    throw new Error(`createLiveSource: ${source.kind} is not a live source`);
  }
  const segmentSec = "segmentSec" in source && source.segmentSec !== undefined ? source.segmentSec : DEFAULT_SEGMENT_SEC;
  return new SegmentRecorder({
    kind: source.kind,
    pointId: ctx.point.id,
    input,
    segmentSec,
    incomingDir: incomingDir(ctx.deployment.storageDir, ctx.point.id),
    endsAtEof,
    tuning: ctx.tuning,
    log: ctx.log.child({ source: source.kind, ...(source.kind === "file" ? {} : { camera: redactUrl(source.url) }) }),
    onHealth: ctx.onHealth,
    now: ctx.now,
  });
}
