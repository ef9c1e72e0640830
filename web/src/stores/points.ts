// The points the user may see, kept live by point.health / point.frame events.
import { defineStore } from "pinia";
import { ref } from "vue";
import { api } from "../api/client";
import { subscribe } from "../api/socket";
import type { PointView } from "../api/types";

interface FrameEvent {
  pointId: string;
  url: string;
  at: string;
}

interface HealthEvent {
  pointId: string;
  status?: PointView["status"];
  health?: Partial<PointView["health"]>;
  openIncidents?: number;
}

export const usePointsStore = defineStore("points", () => {
  const items = ref<PointView[]>([]);
  const loaded = ref(false);

  async function load(): Promise<void> {
    items.value = (await api.points()).items;
    loaded.value = true;
  }

  function find(id: string): PointView | undefined {
    return items.value.find((p) => p.id === id);
  }

  subscribe("point.frame", (payload) => {
    const event = payload as FrameEvent;
    const point = find(event.pointId);
    if (point) Object.assign(point, { frameUrl: event.url, frameAt: event.at });
  });
  subscribe("point.health", (payload) => {
    const event = payload as HealthEvent;
    const point = find(event.pointId);
    if (!point) return;
    if (event.status) point.status = event.status;
    if (event.health) Object.assign(point.health, event.health);
    if (event.openIncidents !== undefined) point.openIncidents = event.openIncidents;
  });

  return { items, loaded, load, find };
});
