/**
 * The `notify:` section: per-unit webhooks in the formats Chinese teams use
 * (WeCom group robot, DingTalk robot with its signing secret, plain JSON),
 * sent on dispatch, overdue and recurrence. Secrets stay out of the file:
 * `urlEnv` and `secretEnv` name environment variables read when sending (a
 * WeCom or DingTalk robot URL carries its key, so it is a secret too).
 */
import { z } from "zod";

export const NOTIFY_EVENTS = ["dispatch", "overdue", "recurrence"] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];

const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, "expected an environment variable name, e.g. DINGTALK_SECRET");

export const WebhookSchema = z
  .strictObject({
    id: z.string().regex(/^[A-Za-z0-9_-]+$/, "expected letters, digits, _ or -").describe("Names the webhook in logs and the delivery table"),
    unit: z.string().min(1).describe("The unit whose cases it announces"),
    format: z.enum(["wecom", "dingtalk", "json"]).describe("wecom: group robot markdown; dingtalk: robot markdown, signed when secretEnv is set; json: plain JSON"),
    url: z.url({ protocol: /^https?$/ }).optional().describe("Endpoint without a secret in it (plain JSON receivers)"),
    urlEnv: envName.optional().describe("Environment variable holding the endpoint (robot URLs carry their key)"),
    secretEnv: envName.optional().describe("DingTalk: environment variable holding the signing secret (SEC…)"),
    events: z.array(z.enum(NOTIFY_EVENTS)).min(1).default([...NOTIFY_EVENTS]).describe("Which events it sends (default all)"),
  })
  .refine((w) => (w.url === undefined) !== (w.urlEnv === undefined), "give exactly one of url and urlEnv");

export const NotifySchema = z.strictObject({
  webhooks: z.array(WebhookSchema).default([]),
  timeoutMs: z.number().int().min(100).max(60_000).default(5000).describe("Per attempt; a slow webhook never blocks the loop"),
  maxAttempts: z.number().int().min(1).max(20).default(6).describe("Attempts per message before it is recorded as failed"),
  backoffMs: z.number().int().min(10).max(600_000).default(2000).describe("Delay before the second attempt, doubling each time (capped at 10 min)"),
});

export type WebhookConfig = z.infer<typeof WebhookSchema>;
export type NotifyConfig = z.infer<typeof NotifySchema>;
