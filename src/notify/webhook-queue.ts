/**
 * Delivers webhook messages in the background: send() records the message
 * and returns at once, so a failing or hanging receiver never blocks the
 * closed loop or the scanner. Each attempt has a timeout; a failure (network
 * error, timeout, non-2xx, or a robot's `errcode` ≠ 0) is retried with
 * exponential backoff up to maxAttempts, and every attempt is recorded in
 * the delivery store. URLs and secrets are read from the environment at send
 * time and never logged or stored; error texts have them masked.
 */
import type { NotifyConfig, WebhookConfig } from "../config/schema-notify.js";
import { KerbsideError, errorMessage } from "../errors.js";
import { logger, type Logger } from "../log.js";
import { signedDingtalkUrl } from "./dingtalk-sign.js";
import type { Delivery, DeliveryStore } from "./delivery-store.js";
import { webhookBody, type NotifyMessage } from "./payloads.js";

const MAX_BACKOFF_MS = 600_000;

export interface WebhookQueueOptions {
  store: DeliveryStore;
  config: Pick<NotifyConfig, "webhooks" | "timeoutMs" | "maxAttempts" | "backoffMs">;
  env?: NodeJS.ProcessEnv;
  now?: () => number;
  log?: Logger;
}

export class WebhookQueue {
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly env: NodeJS.ProcessEnv;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly abort = new AbortController();
  private closed = false;

  constructor(private readonly options: WebhookQueueOptions) {
    this.log = (options.log ?? logger).child({ module: "webhooks" });
    this.now = options.now ?? (() => Date.now());
    this.env = options.env ?? process.env;
  }

  /** Records the message for the webhook and starts delivering it; returns the delivery id. */
  send(webhook: WebhookConfig, message: NotifyMessage): number {
    const delivery = this.options.store.add({ webhookId: webhook.id, event: message.event, incidentId: message.incidentId, body: webhookBody(webhook.format, message) }, this.now());
    this.start(delivery.id);
    return delivery.id;
  }

  /** Messages left pending by a previous run (or a close) are delivered again. */
  resumePending(): void {
    for (const d of this.options.store.list({ status: "pending" })) this.start(d.id);
  }

  /** Resolves when nothing is in flight or waiting for a retry. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0 || this.timers.size > 0) {
      await Promise.race([...this.inFlight, new Promise((r) => setTimeout(r, 50))]);
    }
  }

  /** Stops retries and aborts attempts in flight (their messages stay pending); safe twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.abort.abort();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await Promise.allSettled([...this.inFlight]);
  }

  private start(id: number): void {
    if (this.closed) return;
    const run = this.attempt(id).catch((error: unknown) => this.log.error({ delivery: id, err: errorMessage(error) }, "webhook delivery crashed"));
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
  }

  private async attempt(id: number): Promise<void> {
    const delivery = this.options.store.get(id);
    const webhook = delivery && this.options.config.webhooks.find((w) => w.id === delivery.webhookId);
    if (!delivery || delivery.status !== "pending") return;
    if (!webhook) return this.finish(delivery, "failed", `webhook ${delivery.webhookId} is no longer configured`);
    let target: string;
    try {
      target = this.target(webhook);
    } catch (error) {
      return this.finish(delivery, "failed", errorMessage(error));
    }
    const error = await this.post(target, delivery.body);
    if (this.closed) return;
    if (error === null) return this.finish(delivery, "delivered", null);
    const attempts = delivery.attempts + 1;
    const masked = mask(error, target);
    if (attempts >= this.options.config.maxAttempts) return this.finish(delivery, "failed", masked);
    this.options.store.attempted(delivery.id, { status: "pending", error: masked }, this.now());
    const delay = Math.min(MAX_BACKOFF_MS, this.options.config.backoffMs * 2 ** (attempts - 1));
    this.log.warn({ webhook: webhook.id, delivery: delivery.id, attempts, retryInMs: delay, err: masked }, "webhook delivery failed; retrying");
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.start(delivery.id);
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }

  private finish(delivery: Delivery, status: "delivered" | "failed", error: string | null): void {
    this.options.store.attempted(delivery.id, { status, error }, this.now());
    if (status === "failed") this.log.error({ webhook: delivery.webhookId, delivery: delivery.id, err: error }, "webhook delivery gave up");
    else this.log.info({ webhook: delivery.webhookId, delivery: delivery.id, event: delivery.event }, "webhook delivered");
  }

  /** The URL to post to, signed for DingTalk; secrets from the environment. */
  private target(webhook: WebhookConfig): string {
    const url = webhook.url ?? this.fromEnv(webhook.urlEnv as string, webhook.id, "urlEnv");
    if (webhook.format !== "dingtalk" || webhook.secretEnv === undefined) return url;
    return signedDingtalkUrl(url, this.fromEnv(webhook.secretEnv, webhook.id, "secretEnv"), this.now());
  }

  private fromEnv(name: string, id: string, field: string): string {
    const value = this.env[name];
    if (!value) throw new KerbsideError("KERB_ERR_WEBHOOK", `webhook ${id}: ${field} names ${name}, which is not set in the environment`);
    return value;
  }

  /** null when delivered, else why not. */
  private async post(url: string, body: Record<string, unknown>): Promise<string | null> {
    try {
      const signal = AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.options.config.timeoutMs)]);
      const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json; charset=utf-8" }, body: JSON.stringify(body), signal });
      const text = await res.text();
      if (!res.ok) return `HTTP ${res.status}`;
      return robotError(text);
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      return `${errorMessage(error)}${cause ? ` (${cause})` : ""}`;
    }
  }
}

/** WeCom and DingTalk answer 200 with `errcode` ≠ 0 when they refuse a message. */
function robotError(text: string): string | null {
  try {
    const parsed = JSON.parse(text) as { errcode?: unknown; errmsg?: unknown };
    if (typeof parsed.errcode === "number" && parsed.errcode !== 0) return `errcode ${parsed.errcode}: ${String(parsed.errmsg ?? "")}`;
  } catch {
    // Not JSON: a plain receiver that answered 2xx accepted it.
  }
  return null;
}

function mask(text: string, url: string): string {
  return text.split(url).join("[webhook url]").replace(/([?&](?:key|access_token|sign)=)[^&\s]+/g, "$1[redacted]");
}
