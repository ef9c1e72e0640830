// Who is signed in, what the server says they may open (GET /api/me `can`),
// and the deployment's name, time zone and units.
import { defineStore } from "pinia";
import { computed, ref } from "vue";
import { api } from "../api/client";
import { ApiError } from "../api/errors";
import { connectSocket, disconnectSocket } from "../api/socket";
import type { Me } from "../api/types";

/**
 * Set while this browser holds a session. The cookie is HttpOnly, so without
 * this hint every first visit would ask GET /api/me and get a 401 (which the
 * console reports as an error).
 */
const HINT_KEY = "kerbside.signedIn";

export const useSessionStore = defineStore("session", () => {
  const me = ref<Me | null>(null);
  const checked = ref(false);
  const user = computed(() => me.value?.user ?? null);
  const role = computed(() => me.value?.user.role ?? null);
  const can = computed(() => me.value?.can ?? null);
  const timezone = computed(() => me.value?.deployment.timezone ?? "UTC");
  const units = computed(() => me.value?.deployment.units ?? []);

  function start(answer: Me): void {
    me.value = answer;
    window.localStorage.setItem(HINT_KEY, "1");
    connectSocket();
  }

  function forget(): void {
    disconnectSocket();
    window.localStorage.removeItem(HINT_KEY);
    me.value = null;
  }

  /** Reads the current session once; a 401 just means "not signed in". */
  async function load(): Promise<void> {
    try {
      if (window.localStorage.getItem(HINT_KEY)) start(await api.me());
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) throw error;
      forget();
    } finally {
      checked.value = true;
    }
  }

  async function login(username: string, password: string): Promise<void> {
    start(await api.login(username, password));
  }

  async function logout(): Promise<void> {
    disconnectSocket();
    try {
      await api.logout();
    } finally {
      forget();
    }
  }

  return { me, checked, user, role, can, timezone, units, load, login, logout, forget };
});
