// Times in the deployment's time zone (named in each time), durations in
// words, in the page's language.
import { useI18n } from "vue-i18n";
import { useSessionStore } from "../stores/session";

export type TimeInput = number | string | Date;

export function formatTime(value: TimeInput, locale: string, timeZone: string, withDate = true): string {
  const date = value instanceof Date ? value : new Date(value);
  const parts = new Intl.DateTimeFormat(locale === "en" ? "en-GB" : locale, {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  const clock = `${part("hour")}:${part("minute")}:${part("second")} ${part("timeZoneName")}`;
  return withDate ? `${part("year")}-${part("month")}-${part("day")} ${clock}` : clock;
}

/** Splits seconds into the parts the duration messages take. */
export function durationParts(totalSec: number): { key: "seconds" | "minutes" | "hours" | "days"; values: Record<string, number> } {
  const sec = Math.max(0, Math.floor(totalSec));
  if (sec < 60) return { key: "seconds", values: { n: sec } };
  if (sec < 3600) return { key: "minutes", values: { n: Math.floor(sec / 60) } };
  if (sec < 86_400) return { key: "hours", values: { h: Math.floor(sec / 3600), m: Math.floor((sec % 3600) / 60) } };
  return { key: "days", values: { d: Math.floor(sec / 86_400), h: Math.floor((sec % 86_400) / 3600) } };
}

/** A short axis label: the hour for a day's range, the date for a month's. */
export function formatTick(value: number, locale: string, timeZone: string, byDay: boolean): string {
  const parts: Intl.DateTimeFormatOptions = byDay ? { month: "2-digit", day: "2-digit" } : { hour: "2-digit", minute: "2-digit", hour12: false };
  return new Intl.DateTimeFormat(locale, { timeZone, ...parts }).format(new Date(value));
}

export function useFormat() {
  const { t, locale } = useI18n();
  const session = useSessionStore();
  return {
    time: (value: TimeInput, withDate = true) => formatTime(value, locale.value, session.timezone, withDate),
    tick: (value: number, byDay: boolean) => formatTick(value, locale.value, session.timezone, byDay),
    duration: (sec: number) => {
      const { key, values } = durationParts(sec);
      return t(`duration.${key}`, values);
    },
  };
}
