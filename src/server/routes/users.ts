/**
 * User accounts over the API, for admins only (the same operations as
 * `kerbside user …`): list, add, change role/units/points/disabled, set a
 * password. A change that alters someone's rights ends their sessions and
 * cuts their sockets at once (Accounts → socket hub).
 */
import { z } from "zod";
import { ROLES, type User } from "../../accounts/types.js";
import type { Auth } from "../auth/session-auth.js";
import type { RouteModule } from "../api-builder.js";
import { canManageUsers } from "../access-policy.js";
import { forbidden } from "../http-errors.js";

export const UserViewSchema = z
  .object({
    id: z.number().int(),
    username: z.string(),
    role: z.enum(ROLES),
    units: z.array(z.string()),
    points: z.array(z.string()),
    disabled: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "User" });

const NameParams = z.object({ username: z.string().min(1).max(64) });
const Password = z.string().min(1).max(1024);

function adminOnly(auth: Auth): void {
  if (!canManageUsers(auth.user)) throw forbidden("only admins manage users");
}

const view = (user: User): z.input<typeof UserViewSchema> => user;

export const register: RouteModule = (api) => {
  api.route({
    method: "get", path: "/api/users", summary: "Every account (admins)", tags: ["users"],
    response: z.object({ users: z.array(UserViewSchema) }),
    handler: ({ auth, ctx }) => {
      adminOnly(auth);
      return { users: ctx.accounts.users.list().map(view) };
    },
  });
  api.route({
    method: "post", path: "/api/users", summary: "Add an account (admins)", tags: ["users"], status: 201,
    body: z.object({ username: z.string().min(1).max(64), role: z.enum(ROLES), units: z.array(z.string()).default([]), points: z.array(z.string()).default([]), password: Password }),
    response: UserViewSchema,
    handler: async ({ auth, ctx, body, req }) => {
      adminOnly(auth);
      return view(await ctx.accounts.add(body, { username: auth.user.username, ip: req.ip }));
    },
  });
  api.route({
    method: "patch", path: "/api/users/:username", summary: "Change role, units, points or disabled (ends the user's sessions)", tags: ["users"],
    params: NameParams,
    body: z.object({ role: z.enum(ROLES).optional(), units: z.array(z.string()).optional(), points: z.array(z.string()).optional(), disabled: z.boolean().optional() }),
    response: UserViewSchema,
    handler: ({ auth, ctx, body, params, req }) => {
      adminOnly(auth);
      return view(ctx.accounts.update(params.username, body, { username: auth.user.username, ip: req.ip }));
    },
  });
  api.route({
    method: "put", path: "/api/users/:username/password", summary: "Set a password (admins; ends the user's sessions)", tags: ["users"],
    params: NameParams, body: z.object({ password: Password }), response: UserViewSchema,
    handler: async ({ auth, ctx, body, params, req }) => {
      adminOnly(auth);
      return view(await ctx.accounts.setPassword(params.username, body.password, { username: auth.user.username, ip: req.ip }));
    },
  });
};
