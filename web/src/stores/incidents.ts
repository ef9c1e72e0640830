// The live incident feed: the latest incidents in scope, newest first, with
// incident.created / incident.updated merged in as they arrive.
import { defineStore } from "pinia";
import { computed, ref } from "vue";
import { api } from "../api/client";
import { subscribe } from "../api/socket";
import type { CaseSummary, IncidentView } from "../api/types";
import { markNew } from "../lib/flash";

const FEED_SIZE = 200;

export const useIncidentsStore = defineStore("incidents", () => {
  const byId = ref(new Map<string, IncidentView>());
  const loaded = ref(false);
  const listeners = new Set<(incident: IncidentView) => void>();

  const feed = computed(() =>
    [...byId.value.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, FEED_SIZE),
  );

  async function load(): Promise<void> {
    const page = await api.incidents({ limit: FEED_SIZE });
    byId.value = new Map(page.incidents.map((i) => [i.id, i]));
    loaded.value = true;
  }

  function upsert(incident: IncidentView): void {
    byId.value.set(incident.id, { ...byId.value.get(incident.id), ...incident });
  }

  function onCreated(listener: (incident: IncidentView) => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  /** Socket events carry no per-user actions: ask for them once. */
  async function fillActions(id: string): Promise<void> {
    const detail = await api.incident(id);
    upsert({ ...detail, actions: detail.actions });
  }

  subscribe("incident.created", (payload) => {
    const incident = payload as IncidentView;
    upsert(incident);
    fillActions(incident.id).catch((error: unknown) => console.warn("incident actions unavailable", error));
    markNew(incident);
    for (const listener of listeners) listener(incident);
  });
  subscribe("incident.updated", (payload) => upsert(payload as IncidentView));
  // A case step (dispatch, verification, overdue…): the listed item takes the case's new state and deadline.
  subscribe("case.updated", (payload) => {
    const { incidentId, case: summary } = payload as { incidentId: string; case: Partial<CaseSummary> };
    const item = byId.value.get(incidentId);
    if (item?.case) upsert({ ...item, case: { ...item.case, ...summary } });
  });
  // On (re)connect the server sends what the user may see now: catches up what a drop missed.
  subscribe("snapshot", (payload) => {
    if (loaded.value) for (const incident of (payload as { incidents: IncidentView[] }).incidents) upsert(incident);
  });

  return { byId, feed, loaded, load, upsert, onCreated };
});
