// The points the user may see. Frames move with point.frame; status, health
// and open counts are the server's (GET /api/points), refetched shortly after
// any event that can change them, so the browser derives nothing itself.
import { defineStore } from "pinia";
import { ref } from "vue";
import { api } from "../api/client";
import { subscribe } from "../api/socket";
import type { PointView } from "../api/types";

const REFRESH_DELAY_MS = 150;

interface FrameEvent {
  pointId: string;
  at: string;
}

export const usePointsStore = defineStore("points", () => {
  const items = ref<PointView[]>([]);
  const loaded = ref(false);
  let timer: number | undefined;

  async function load(): Promise<void> {
    items.value = (await api.points()).points;
    loaded.value = true;
  }

  /** Coalesces bursts of events into one refetch; a failed one waits for the next event. */
  function refreshSoon(): void {
    if (!loaded.value || timer !== undefined) return;
    timer = window.setTimeout(() => {
      timer = undefined;
      load().catch((error: unknown) => console.warn("points refresh failed", error));
    }, REFRESH_DELAY_MS);
  }

  subscribe("point.frame", (payload) => {
    const event = payload as FrameEvent;
    const point = items.value.find((p) => p.id === event.pointId);
    if (point) point.frameAt = event.at;
  });
  for (const topic of ["point.health", "incident.created", "incident.updated", "snapshot"]) subscribe(topic, refreshSoon);

  return { items, loaded, load };
});
