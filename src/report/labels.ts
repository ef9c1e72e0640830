/**
 * The words of the daily report and the ledger, in Chinese (default) and
 * English: column headers, rule and category names, case states. The same
 * names the board uses (web/src/i18n), so a ledger row reads like the page.
 */
import type { PointCategory, RuleKind } from "../config/schema.js";
import type { ReportLang } from "../config/schema-report.js";
import { CASE_STATE_LABELS, type CaseState } from "../workflow/types.js";

export const LEDGER_COLUMNS = [
  "id", "point", "category", "rule", "zone", "plate", "start", "end", "duration", "state", "assignee", "deadline", "closingNote", "recurrences", "snapshotSha256", "link", "thumbnail",
] as const;
export type LedgerColumn = (typeof LEDGER_COLUMNS)[number];

interface Words {
  columns: Record<LedgerColumn, string>;
  rules: Record<RuleKind, string>;
  categories: Record<PointCategory, string>;
  states: Record<CaseState, string>;
  summary: { sheet: string; unit: string; new: string; open: string; overdue: string; closed: string; cancelled: string; title: string };
}

const ZH: Words = {
  columns: {
    id: "编号", point: "点位", category: "点位类别", rule: "违规类型", zone: "区域", plate: "车牌", start: "开始时间", end: "结束时间", duration: "持续时长",
    state: "状态", assignee: "处置人", deadline: "处置期限", closingNote: "结案说明", recurrences: "重复次数", snapshotSha256: "主图SHA-256",
    link: "事件链接", thumbnail: "截图",
  },
  rules: { illegal_parking: "机动车违法停车", sidewalk_parking: "机动车占用人行道", nonmotor_parking: "非机动车乱停放", stall_encroachment: "占道经营" },
  categories: { junction: "路口", main_road: "主次干道", commercial_street: "商业大街", night_market: "夜市" },
  states: { ...CASE_STATE_LABELS },
  summary: { sheet: "汇总", unit: "责任单位", new: "新增", open: "未结", overdue: "超期", closed: "结案", cancelled: "注销", title: "日报" },
};

const EN: Words = {
  columns: {
    id: "ID", point: "Point", category: "Category", rule: "Rule", zone: "Zone", plate: "Plate", start: "Start", end: "End", duration: "Duration",
    state: "State", assignee: "Assignee", deadline: "Deadline", closingNote: "Closing note", recurrences: "Recurrences", snapshotSha256: "Snapshot SHA-256",
    link: "Link", thumbnail: "Snapshot",
  },
  rules: { illegal_parking: "Illegal parking", sidewalk_parking: "Parking on the sidewalk", nonmotor_parking: "Bicycles/e-bikes left on the walkway", stall_encroachment: "Stall on the road" },
  categories: { junction: "Junction", main_road: "Main road", commercial_street: "Commercial street", night_market: "Night market" },
  states: { new: "New", filed: "Filed", dispatched: "Dispatched", resolved: "Resolved (to verify)", closed: "Closed", cancelled: "Cancelled", returned: "Returned", parked: "Parked" },
  summary: { sheet: "Summary", unit: "Unit", new: "New", open: "Open", overdue: "Overdue", closed: "Closed", cancelled: "Cancelled", title: "Daily report" },
};

export function words(lang: ReportLang): Words {
  return lang === "en" ? EN : ZH;
}
