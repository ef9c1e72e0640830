/**
 * Reads the sampled frames' timestamps from ffmpeg's stderr: the `showinfo`
 * filter prints its input time base once and then one line per frame with the
 * integer pts. pts × time base is exact (pts_time is printed with only six
 * significant digits). Everything else on stderr is kept as a short tail for
 * error messages.
 */

const TIME_BASE = /\[Parsed_showinfo_\d+ @ [^\]]+\] config in time_base: (\d+)\/(\d+)/;
const FRAME = /\[Parsed_showinfo_\d+ @ [^\]]+\] n:\s*(\d+) pts:\s*(-?\d+) pts_time:(\S+)/;
const SHOWINFO = /\[Parsed_showinfo_\d+ @/;

export type ShowinfoLine =
  | { kind: "timebase"; num: number; den: number }
  | { kind: "frame"; n: number; pts: number; ptsTime: number }
  | { kind: "showinfo" }
  | { kind: "other"; text: string };

export function parseShowinfoLine(line: string): ShowinfoLine {
  const tb = TIME_BASE.exec(line);
  if (tb) return { kind: "timebase", num: Number(tb[1]), den: Number(tb[2]) };
  const frame = FRAME.exec(line);
  if (frame) return { kind: "frame", n: Number(frame[1]), pts: Number(frame[2]), ptsTime: Number(frame[3]) };
  if (SHOWINFO.test(line)) return { kind: "showinfo" };
  return { kind: "other", text: line };
}

/** Streaming stderr reader: feed chunks, read frame times (seconds) and the tail. */
export class ShowinfoReader {
  readonly times: number[] = [];
  private partial = "";
  private timeBase: { num: number; den: number } | null = null;
  private readonly tail: string[] = [];

  constructor(private readonly tailLines = 30) {}

  push(chunk: string): number {
    const text = this.partial + chunk;
    const lines = text.split(/\r?\n|\r/);
    this.partial = lines.pop() ?? "";
    const before = this.times.length;
    for (const line of lines) this.line(line);
    return this.times.length - before;
  }

  end(): void {
    if (this.partial) this.line(this.partial);
    this.partial = "";
  }

  stderrTail(): string {
    return this.tail.join("\n");
  }

  private line(line: string): void {
    const parsed = parseShowinfoLine(line);
    if (parsed.kind === "timebase") this.timeBase = { num: parsed.num, den: parsed.den };
    else if (parsed.kind === "frame") this.times.push(this.seconds(parsed.pts, parsed.ptsTime));
    else if (parsed.kind === "other" && line.trim()) {
      this.tail.push(line);
      if (this.tail.length > this.tailLines) this.tail.shift();
    }
  }

  private seconds(pts: number, ptsTime: number): number {
    const tb = this.timeBase;
    return tb && tb.den > 0 ? (pts * tb.num) / tb.den : ptsTime;
  }
}
