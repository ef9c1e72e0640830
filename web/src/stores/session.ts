// Who is signed in (from GET /api/me) and the deployment's time zone.
import { defineStore } from "pinia";
import { computed, ref } from "vue";
import { api } from "../api/client";
import { ApiError } from "../api/errors";
import { connectSocket, disconnectSocket } from "../api/socket";
import type { BoardConfig, Me } from "../api/types";

export const useSessionStore = defineStore("session", () => {
  const me = ref<Me | null>(null);
  const config = ref<BoardConfig | null>(null);
  const checked = ref(false);
  const timezone = computed(() => config.value?.timezone ?? me.value?.timezone ?? "UTC");
  const units = computed(() => config.value?.units ?? []);

  async function start(user: Me): Promise<void> {
    me.value = user;
    config.value = await api.config();
    connectSocket();
  }
  const role = computed(() => me.value?.role ?? null);

  /** Reads the current session once; a 401 just means "not signed in". */
  async function load(): Promise<void> {
    try {
      await start(await api.me());
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) throw error;
      me.value = null;
    } finally {
      checked.value = true;
    }
  }

  async function login(username: string, password: string): Promise<void> {
    await api.login(username, password);
    await start(await api.me());
  }

  async function logout(): Promise<void> {
    disconnectSocket();
    try {
      await api.logout();
    } finally {
      me.value = null;
    }
  }

  function expired(): void {
    disconnectSocket();
    me.value = null;
  }

  return { me, config, checked, timezone, units, role, load, login, logout, expired };
});
