// A refused or failed case action, in words: the server's coded error
// (KERB_ERR_CASE_CONFLICT when someone acted first, …) explained in the page's
// language, with the server's own message and code kept visible.
import { useI18n } from "vue-i18n";
import { ApiError } from "../api/errors";

export interface CaseErrorText {
  code: string;
  summary: string;
  detail: string;
}

/** 400s the user can fix in the form (the dialog stays open); anything else closes it and reloads the case. */
export const isInputError = (error: unknown): boolean => error instanceof ApiError && error.status === 400;

export function useCaseError(): (error: unknown) => CaseErrorText {
  const { t, te } = useI18n();
  return (error) => {
    const code = error instanceof ApiError ? error.code : "KERB_ERR_NETWORK";
    const message = error instanceof ApiError ? error.message : error instanceof Error ? error.message : String(error);
    const summary = te(`workflow.errors.${code}`) ? t(`workflow.errors.${code}`) : t("workflow.errors.other");
    return { code, summary, detail: t("workflow.errorLine", { message, code }) };
  };
}
