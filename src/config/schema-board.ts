/**
 * The `board:` section of a deployment: where the board server listens, the
 * public URL users reach it on (behind a TLS reverse proxy in production), the
 * bearer token that lets a remote Prometheus scrape /metrics, session lifetimes
 * and the demo-only accounts. Every field has a default, so `board:` may be
 * left out entirely.
 */
import { z } from "zod";

export const BoardSchema = z.strictObject({
  host: z.string().min(1).default("127.0.0.1").describe("Address to bind (default 127.0.0.1: loopback only)"),
  port: z.number().int().min(0).max(65_535).default(8080).describe("TCP port (default 8080; 0 picks a free one)"),
  publicUrl: z.url({ protocol: /^https?$/ }).optional().describe("URL users open, e.g. https://board.example.gov.cn (https: cookies get Secure)"),
  metricsToken: z.string().min(16, "metricsToken needs at least 16 characters").optional().describe("Bearer token for /metrics from other hosts (loopback needs none)"),
  trustProxy: z.boolean().default(false).describe("Behind a reverse proxy on loopback: take the client address from X-Forwarded-For"),
  sessionIdleMin: z.number().int().min(5).max(7 * 24 * 60).default(12 * 60).describe("A session unused this long ends (default 720 min)"),
  sessionMaxHours: z.number().int().min(1).max(90 * 24).default(7 * 24).describe("A session ends this long after login whatever happens (default 168 h)"),
  demoAccounts: z.boolean().default(false).describe("DEMO ONLY: create one account per role with printed passwords"),
});

export type BoardSettings = z.infer<typeof BoardSchema>;
