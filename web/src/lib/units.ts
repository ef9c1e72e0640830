// Unit names in the page's language (the config gives name and name_en).
import { useI18n } from "vue-i18n";
import { useSessionStore } from "../stores/session";

export function useUnitName(): (id: string) => string {
  const { locale } = useI18n();
  const session = useSessionStore();
  return (id) => {
    const unit = session.units.find((u) => u.id === id);
    if (!unit) return id;
    return locale.value === "en" && unit.name_en ? unit.name_en : unit.name;
  };
}
