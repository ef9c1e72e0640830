// The one socket.io connection of the page. Pages subscribe by topic (event
// name) and get an unsubscribe function back; the server decides which rooms
// the socket joins, so the browser only ever receives what its user may see.
import { io, type Socket } from "socket.io-client";
import { ref } from "vue";

type Handler = (payload: unknown) => void;

const handlers = new Map<string, Set<Handler>>();
let socket: Socket | null = null;

/** True while the socket is connected (the header shows it). */
export const connected = ref(false);

export function connectSocket(): void {
  if (socket) return;
  socket = io({ path: "/socket.io", withCredentials: true, transports: ["websocket", "polling"] });
  socket.on("connect", () => (connected.value = true));
  socket.on("disconnect", () => (connected.value = false));
  socket.onAny((topic: string, payload: unknown) => {
    for (const handler of handlers.get(topic) ?? []) handler(payload);
  });
}

export function disconnectSocket(): void {
  socket?.disconnect();
  socket = null;
  connected.value = false;
}

export function subscribe(topic: string, handler: Handler): () => void {
  let set = handlers.get(topic);
  if (!set) handlers.set(topic, (set = new Set()));
  set.add(handler);
  return () => set.delete(handler);
}
