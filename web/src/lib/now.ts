// A clock ticking every second, shared by every "so far" duration on the page.
import { ref } from "vue";

export const now = ref(Date.now());
window.setInterval(() => (now.value = Date.now()), 1000);
