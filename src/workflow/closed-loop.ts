/**
 * The closed loop assembled for the main job: the case store and service on
 * the deployment database, the spot watcher the scanner feeds, the webhook
 * notifier, and a once-a-minute sweep that flags cases past their deadline
 * as overdue.
 * close() is idempotent and runs every step.
 */
import type { Deployment } from "../config/schema.js";
import type { IncidentBus } from "../incidents/bus.js";
import type { IncidentStore } from "../incidents/types.js";
import { logger, type Logger } from "../log.js";
import type { Db } from "../store/database.js";
import { startCaseNotifier } from "../notify/case-notifier.js";
import { SqliteDeliveryStore } from "../notify/delivery-store.js";
import { WebhookQueue } from "../notify/webhook-queue.js";
import { CaseService, type CaseAuditSink } from "./case-service.js";
import type { CaseStore } from "./case-store.js";
import { SqliteSpotObservationLog } from "./spot-observations.js";
import { SpotWatcher } from "./spot-watcher.js";
import { SqliteCaseStore } from "./sqlite-case-store.js";
import { workflowConfig } from "./workflow-settings.js";

export interface ClosedLoopOptions {
  db: Db;
  bus: IncidentBus;
  incidents: IncidentStore;
  deployment: Deployment;
  audit?: CaseAuditSink;
  /** Overdue sweep period (default 60 s; 0: none). */
  sweepMs?: number;
  now?: () => number;
  /** The read plate of an incident, for the webhook messages (plates/). */
  plateOf?: (incidentId: string) => string | null;
  /** Where webhook URLs and secrets are read (default process.env). */
  env?: NodeJS.ProcessEnv;
  log?: Logger;
}

export class ClosedLoop {
  readonly cases: CaseStore;
  readonly service: CaseService;
  readonly watcher: SpotWatcher;
  /** Webhook deliveries (dispatch, overdue, recurrence) to the units' group chats. */
  readonly webhooks: WebhookQueue;
  private readonly unsubscribe: (() => void)[];
  private readonly timer: NodeJS.Timeout | undefined;
  private closing: Promise<void> | undefined;

  constructor(options: ClosedLoopOptions) {
    const log = (options.log ?? logger).child({ module: "closed-loop" });
    const { deployment } = options;
    const workflow = workflowConfig(deployment);
    this.cases = new SqliteCaseStore(options.db);
    this.service = new CaseService({
      cases: this.cases, incidents: options.incidents, bus: options.bus, deployment, workflow, audit: options.audit, now: options.now, log,
    });
    this.watcher = new SpotWatcher({
      cases: this.cases, service: this.service, incidents: options.incidents, observations: new SqliteSpotObservationLog(options.db),
      deployment, workflow, evidence: { rootDir: deployment.storageDir, relativePaths: true }, log,
    });
    this.webhooks = new WebhookQueue({ store: new SqliteDeliveryStore(options.db), config: deployment.notify, env: options.env, now: options.now, log });
    this.webhooks.resumePending();
    this.unsubscribe = [this.service.attach(), startCaseNotifier(options.bus, this.webhooks, deployment.notify, deployment, options.plateOf)];
    const sweepMs = options.sweepMs ?? 60_000;
    if (sweepMs > 0) {
      this.timer = setInterval(() => this.service.sweepOverdue(), sweepMs);
      this.timer.unref();
    }
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.timer) clearInterval(this.timer);
      this.unsubscribe.splice(0).forEach((off) => off());
      await this.watcher.close();
      await this.webhooks.close();
    })();
    return this.closing;
  }
}
