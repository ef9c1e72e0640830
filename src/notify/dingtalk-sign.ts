/**
 * DingTalk robot signing, pure: sign = base64(HMAC-SHA256(secret,
 * `${timestamp}\n${secret}`)), appended to the robot URL as `timestamp` and
 * `sign` (URL-encoded). The timestamp is milliseconds; DingTalk refuses one
 * more than an hour off.
 */
import { createHmac } from "node:crypto";

export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac("sha256", secret).update(`${timestampMs}\n${secret}`).digest("base64");
}

export function signedDingtalkUrl(url: string, secret: string, timestampMs: number): string {
  const u = new URL(url);
  u.searchParams.set("timestamp", String(timestampMs));
  u.searchParams.set("sign", dingtalkSign(secret, timestampMs));
  return u.toString();
}
