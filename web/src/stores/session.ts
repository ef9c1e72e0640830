// Who is signed in, what the server says they may open (GET /api/me `can`),
// and the deployment's name, time zone and units.
import { defineStore } from "pinia";
import { computed, ref } from "vue";
import { api } from "../api/client";
import { ApiError } from "../api/errors";
import { connectSocket, disconnectSocket } from "../api/socket";
import type { Me } from "../api/types";

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
    connectSocket();
  }

  /** Reads the current session once; a 401 just means "not signed in". */
  async function load(): Promise<void> {
    try {
      start(await api.me());
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) throw error;
      me.value = null;
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
      me.value = null;
    }
  }

  return { me, checked, user, role, can, timezone, units, load, login, logout };
});
