// The points the user may see, kept live by point.health / point.frame events.
import { defineStore } from "pinia";
import { ref } from "vue";
import { api } from "../api/client";
import { subscribe } from "../api/socket";
import type { PointView } from "../api/types";

interface FrameEvent {
  pointId: string;
  at: string;
}

/** point.health carries the point as GET /api/points shows it (or the changed part). */
type HealthEvent = Partial<PointView> & { pointId?: string; id?: string };

export const usePointsStore = defineStore("points", () => {
  const items = ref<PointView[]>([]);
  const loaded = ref(false);

  async function load(): Promise<void> {
    items.value = (await api.points()).points;
    loaded.value = true;
  }

  function find(id: string): PointView | undefined {
    return items.value.find((p) => p.id === id);
  }

  subscribe("point.frame", (payload) => {
    const event = payload as FrameEvent;
    const point = find(event.pointId);
    if (point) point.frameAt = event.at;
  });
  subscribe("point.health", (payload) => {
    const event = payload as HealthEvent;
    const point = find(event.pointId ?? event.id ?? "");
    if (!point) return;
    if (event.status) point.status = event.status;
    if (event.health !== undefined) point.health = event.health;
    if (event.openIncidents !== undefined) point.openIncidents = event.openIncidents;
  });

  return { items, loaded, load, find };
});
