// Per-browser preferences kept in localStorage: the alert sound's mute switch.
import { defineStore } from "pinia";
import { ref, watch } from "vue";

const MUTE_KEY = "kerbside.muted";

export const usePrefsStore = defineStore("prefs", () => {
  const muted = ref(window.localStorage.getItem(MUTE_KEY) === "1");
  watch(muted, (value) => window.localStorage.setItem(MUTE_KEY, value ? "1" : "0"));
  return { muted };
});
