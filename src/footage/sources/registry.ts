/** Footage sources by config `kind`: one factory each, one interface. */
import type { SourceKind } from "../../config/schema.js";
import type { FootageSource } from "../types.js";
import { ArchiveSource } from "./archive-source.js";
import { FileSource } from "./file-source.js";
import { createLiveSource } from "./live-source.js";
import { PlaybackSource } from "./playback-source.js";
import type { SourceContext } from "./source-context.js";

export type SourceFactory = (ctx: SourceContext) => FootageSource;

export const SOURCE_FACTORIES: Record<SourceKind, SourceFactory> = {
  rtsp: createLiveSource,
  http: createLiveSource,
  playback: (ctx) => new PlaybackSource(ctx),
  archive: (ctx) => new ArchiveSource(ctx),
  file: (ctx) => (ctx.point.source.kind === "file" && ctx.point.source.live ? createLiveSource(ctx) : new FileSource(ctx)),
};

export function createSource(ctx: SourceContext): FootageSource {
  return SOURCE_FACTORIES[ctx.point.source.kind](ctx);
}
