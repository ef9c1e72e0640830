/**
 * Webhook bodies, pure: one message (title, markdown lines, link) in the
 * shape each receiver expects.
 *   wecom    — group robot: { msgtype: "markdown", markdown: { content } }
 *   dingtalk — robot: { msgtype: "markdown", markdown: { title, text } }
 *   json     — { event, title, text, link, incident, case }
 */
import type { NotifyEvent } from "../config/schema-notify.js";

export interface NotifyMessage {
  /** A case event, or "report": the daily report announced to the organisers' unit. */
  event: NotifyEvent | "report";
  title: string;
  /** Markdown lines (both robots render `**bold**` and `[text](url)`). */
  lines: string[];
  link: string | null;
  incidentId: string;
  /** Plain facts for JSON receivers. */
  facts: Record<string, unknown>;
}

export type WebhookFormat = "wecom" | "dingtalk" | "json";

function markdown(message: NotifyMessage): string {
  const link = message.link ? [`[查看案件 / open the case](${message.link})`] : [];
  return [`### ${message.title}`, ...message.lines, ...link].join("\n\n");
}

export function webhookBody(format: WebhookFormat, message: NotifyMessage): Record<string, unknown> {
  switch (format) {
    case "wecom":
      return { msgtype: "markdown", markdown: { content: markdown(message) } };
    case "dingtalk":
      return { msgtype: "markdown", markdown: { title: message.title, text: markdown(message) } };
    case "json":
      return { event: message.event, title: message.title, text: message.lines.join("\n"), link: message.link, incidentId: message.incidentId, ...message.facts };
  }
}
