// Subscribes a component to a socket topic for as long as it is mounted.
import { onBeforeUnmount } from "vue";
import { subscribe } from "./socket";

export function useTopic<T>(topic: string, handler: (payload: T) => void): void {
  const off = subscribe(topic, (payload) => handler(payload as T));
  onBeforeUnmount(off);
}
