// Unit names in the page's language (the config gives name and name_en).
import { useI18n } from "vue-i18n";
import { useSessionStore } from "../stores/session";

export interface NamedUnit {
  id: string;
  name: string;
  nameEn: string | null;
}

export function useUnitName(): (unit: string | NamedUnit) => string {
  const { locale } = useI18n();
  const session = useSessionStore();
  return (unit) => {
    const found = typeof unit === "string" ? session.units.find((u) => u.id === unit) : unit;
    if (!found) return String(unit);
    return locale.value === "en" && found.nameEn ? found.nameEn : found.name;
  };
}
