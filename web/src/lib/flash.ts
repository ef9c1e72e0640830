// Which points and incidents got a new incident in the last few seconds,
// so their tiles and cards flash.
import { computed, ref } from "vue";
import type { IncidentView } from "../api/types";
import { now } from "./now";

const FLASH_MS = 10_000;
const pointsAt = ref(new Map<string, number>());
const incidentsAt = ref(new Map<string, number>());

export function markNew(incident: IncidentView): void {
  pointsAt.value.set(incident.pointId, Date.now());
  incidentsAt.value.set(incident.id, Date.now());
}

const recent = (map: Map<string, number>) =>
  new Set([...map].filter(([, at]) => now.value - at < FLASH_MS).map(([id]) => id));

export const flashingPoints = computed(() => recent(pointsAt.value));
export const flashingIncidents = computed(() => recent(incidentsAt.value));
