// Pages and who sees them in the menu. The server enforces every scope; the
// menu follows what GET /api/me says the user `can` open (and, for the two
// role views, the role), and a direct visit outside that goes back to the board.
import { createRouter, createWebHistory, type RouteRecordRaw } from "vue-router";
import type { Me, Role } from "./api/types";
import { useSessionStore } from "./stores/session";

declare module "vue-router" {
  interface RouteMeta {
    public?: boolean;
    roles?: Role[];
    /** A capability from GET /api/me's `can`. */
    can?: keyof Me["can"];
    /** i18n key of its menu entry; pages without one are not in the menu. */
    nav?: string;
  }
}

const ORGANISERS: Role[] = ["organiser", "admin"];

/** May this user open the page of this route (menu entry and guard)? */
export function allowed(me: Me, meta: RouteRecordRaw["meta"]): boolean {
  if (meta?.roles && !meta.roles.includes(me.user.role)) return false;
  if (meta?.can && !me.can[meta.can]) return false;
  return true;
}

export const routes: RouteRecordRaw[] = [
  { path: "/login", name: "login", component: () => import("./pages/LoginPage.vue"), meta: { public: true } },
  { path: "/", name: "board", component: () => import("./pages/BoardPage.vue"), meta: { nav: "nav.board" } },
  {
    path: "/police",
    name: "police",
    component: () => import("./pages/PolicePage.vue"),
    meta: { nav: "nav.police", roles: ["police", ...ORGANISERS] },
  },
  {
    path: "/enforcement",
    name: "enforcement",
    component: () => import("./pages/EnforcementPage.vue"),
    meta: { nav: "nav.enforcement", roles: ["enforcement", ...ORGANISERS] },
  },
  { path: "/health", name: "health", component: () => import("./pages/HealthPage.vue"), meta: { nav: "nav.health" } },
  { path: "/incidents/:id", name: "incident", component: () => import("./pages/IncidentPage.vue"), props: true },
  {
    path: "/preaudit/:section?",
    name: "preaudit",
    component: () => import("./pages/PreAuditPage.vue"),
    props: true,
    meta: { nav: "nav.preaudit", can: "organiserPages" },
  },
  { path: "/admin/users", name: "users", component: () => import("./pages/UsersPage.vue"), meta: { nav: "nav.users", can: "manageUsers" } },
  { path: "/admin/audit", name: "audit", component: () => import("./pages/AuditPage.vue"), meta: { nav: "nav.audit", can: "readAuditTrail" } },
  { path: "/:rest(.*)*", redirect: "/" },
];

export const router = createRouter({ history: createWebHistory(), routes });

router.beforeEach(async (to) => {
  const session = useSessionStore();
  if (!session.checked) await session.load();
  if (to.meta.public) return session.me && to.name === "login" ? { name: "board" } : true;
  if (!session.me) return { name: "login", query: to.fullPath === "/" ? {} : { next: to.fullPath } };
  if (!allowed(session.me, to.meta)) return { name: "board" };
  return true;
});
