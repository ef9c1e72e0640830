/**
 * What the board logs of an error: its message with every URL's credentials
 * hidden (footage/redact.ts). The root logger only redacts fields named
 * url/password; an error message is free text and may quote a camera URL
 * (a driver error, an ffmpeg line), so every board log of an error goes through here.
 */
import { errorMessage } from "../errors.js";
import { redactText } from "../footage/redact.js";

export function loggedError(error: unknown): string {
  return redactText(errorMessage(error));
}
