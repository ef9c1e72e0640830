import { Writable } from "node:stream";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { IncidentBus } from "../../src/incidents/bus.js";
import { PublishingIncidentStore } from "../../src/incidents/publishing-store.js";
import { SqliteIncidentStore } from "../../src/incidents/sqlite-incident-store.js";
import type { Incident } from "../../src/incidents/types.js";
import { episode, vanScanEvents } from "./incident-store.contract.js";

function capturingLog(): { log: pino.Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { log: pino({ level: "error" }, stream), lines: () => chunks.join("").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

function sample(): Incident {
  const store = SqliteIncidentStore.open(":memory:");
  const { incident } = store.recordEpisode(episode());
  store.close();
  return incident;
}

describe("IncidentBus", () => {
  it("delivers events to every listener of that event only", () => {
    const bus = new IncidentBus();
    const got: string[] = [];
    bus.on("incident.created", (i) => void got.push(`a:${i.id}`));
    bus.on("incident.created", (i) => void got.push(`b:${i.id}`));
    bus.on("incident.updated", (i) => void got.push(`u:${i.id}`));
    const incident = sample();
    bus.emit("incident.created", incident);
    expect(got).toEqual([`a:${incident.id}`, `b:${incident.id}`]);
  });

  it("isolates a throwing or rejecting listener and logs it", async () => {
    const { log, lines } = capturingLog();
    const bus = new IncidentBus({ log });
    const got: string[] = [];
    bus.on("incident.updated", () => {
      throw new Error("socket gone");
    });
    bus.on("incident.updated", async () => {
      throw new Error("notifier down");
    });
    bus.on("incident.updated", (i) => void got.push(i.id));
    const incident = sample();
    expect(() => bus.emit("incident.updated", incident)).not.toThrow();
    expect(got).toEqual([incident.id]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines().map((l) => [l.event, l.err])).toEqual([
      ["incident.updated", "socket gone"],
      ["incident.updated", "notifier down"],
    ]);
  });

  it("unsubscribes with off() or the returned function", () => {
    const bus = new IncidentBus();
    let calls = 0;
    const listener = (): void => void calls++;
    const stop = bus.on("incident.created", listener);
    bus.on("incident.updated", listener);
    stop();
    bus.off("incident.updated", listener);
    bus.emit("incident.created", sample());
    bus.emit("incident.updated", sample());
    expect(calls).toBe(0);
    expect(bus.listenerCount("incident.created")).toBe(0);
  });
});

describe("PublishingIncidentStore", () => {
  it("publishes created once, updated on change, and nothing for an unchanged re-scan", () => {
    const bus = new IncidentBus();
    const seen: string[] = [];
    bus.on("incident.created", () => void seen.push("created"));
    bus.on("incident.updated", () => void seen.push("updated"));
    const store = new PublishingIncidentStore(SqliteIncidentStore.open(":memory:"), bus);
    const events = vanScanEvents();
    events.forEach((e) => store.recordEpisode(e));
    expect(seen[0]).toBe("created");
    expect(seen.filter((s) => s === "created")).toHaveLength(1);
    expect(seen.length).toBeGreaterThan(events.length / 2);
    seen.length = 0;
    events.forEach((e) => store.recordEpisode(e));
    expect(seen).toEqual([]);
    const id = store.list()[0]!.id;
    store.addEvidence(id, { kind: "snapshot_last", path: "x.jpg", sha256: "11".repeat(32), bytes: 10, atMs: events.at(-1)!.lastSeenMs });
    expect(seen).toEqual(["updated"]);
    expect(store.get(id)!.evidence).toHaveLength(1);
    seen.length = 0;
    store.recordEpisode({ ...events[0]!, zoneId: "kerb-2" });
    expect(store.closeStale("P01", events.at(-1)!.lastSeenMs + 1).map((i) => i.zoneId)).toEqual(["kerb-2"]);
    expect(seen).toEqual(["created", "updated"]);
    store.close();
    store.close();
  });

  it("keeps recording when a listener fails", () => {
    const bus = new IncidentBus({ log: capturingLog().log });
    bus.on("incident.created", () => {
      throw new Error("board crashed");
    });
    const store = new PublishingIncidentStore(SqliteIncidentStore.open(":memory:"), bus);
    expect(store.recordEpisode(episode()).created).toBe(true);
    expect(store.list()).toHaveLength(1);
    store.close();
  });
});
