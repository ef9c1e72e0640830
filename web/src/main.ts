import ElementPlus from "element-plus";
import "element-plus/dist/index.css";
import { createPinia } from "pinia";
import { createApp } from "vue";
import App from "./App.vue";
import { i18n, savedLocale } from "./i18n";
import { unlockAudio } from "./lib/beep";
import { router } from "./router";
import "./styles.css";

document.documentElement.lang = savedLocale();
// Audio may only start after a user gesture: the first click or key unlocks the alert sound.
for (const gesture of ["pointerdown", "keydown"]) window.addEventListener(gesture, unlockAudio, { once: true });
createApp(App).use(createPinia()).use(i18n).use(router).use(ElementPlus).mount("#app");
