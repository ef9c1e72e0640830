/**
 * The plate of an incident as the board shows it, whole or masked as the
 * access policy decides (seesPlates). Evidence of kind "plate" (the crop) is
 * dropped for those who may not see plates, so neither the list nor the file
 * route hands it out.
 */
import { z } from "zod";
import type { Principal } from "../../accounts/types.js";
import { plateFor } from "../../plates/plate-mask.js";
import type { StoredPlate } from "../../plates/plate-store.js";
import { seesPlates } from "../access-policy.js";
import type { IncidentView } from "./incident-view.js";

export const PlateViewSchema = z
  .object({
    status: z.enum(["read", "unreadable", "not_attempted"]),
    plate: z.string().nullable().meta({ description: "Normalised, e.g. 浙A·D1234; masked (浙A·D***4) for roles that may not see plates" }),
    masked: z.boolean(),
    kind: z.enum(["blue", "yellow", "green", "white", "black"]).nullable(),
    confidence: z.number().nullable(),
    charConfidences: z.array(z.number()),
    reason: z.string().nullable().meta({ description: "Why not read: too_small | blurred | occluded | no_plate_found | no_valid_reading | no_footage" }),
    detail: z.string().nullable(),
    repeatOf: z.array(z.string()).meta({ description: "Repeat offender: earlier incidents (any point) with the same plate within workflow.recurrenceDays, newest first; empty for viewers" }),
  })
  .meta({ id: "Plate" });

export type PlateView = z.infer<typeof PlateViewSchema>;

/** `user` null: a view for a socket room (masked). */
export function plateView(stored: StoredPlate | undefined, user: Principal | null, repeatOf: readonly string[] = []): PlateView | null {
  if (stored === undefined) return null;
  const full = user !== null && seesPlates(user);
  return {
    status: stored.status,
    plate: plateFor(stored.plate, full ? "full" : "masked"),
    masked: !full && stored.plate !== null,
    kind: stored.kind,
    confidence: stored.confidence,
    charConfidences: full ? stored.charConfidences : [],
    reason: stored.reason,
    detail: stored.detail,
    repeatOf: full ? [...repeatOf] : [],
  };
}

/** The incident view with its plate as this user (or a socket room) may see it. */
export function withPlate<V extends IncidentView>(view: V, stored: StoredPlate | undefined, user: Principal | null, repeatOf: readonly string[] = []): V {
  const full = user !== null && seesPlates(user);
  const evidence = full ? view.evidence : view.evidence.filter((e) => e.kind !== "plate");
  return { ...view, evidence, plate: plateView(stored, user, repeatOf) };
}
