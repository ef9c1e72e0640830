/** GET /api/healthz: unauthenticated liveness for load balancers; says nothing about the deployment. */
import { z } from "zod";
import type { RouteModule } from "../api-builder.js";

export const register: RouteModule = (api) => {
  api.route({
    method: "get", path: "/api/healthz", summary: "Liveness (no details)", tags: ["ops"], auth: "public",
    response: z.object({ ok: z.literal(true) }),
    handler: () => ({ ok: true as const }),
  });
};
