import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconCheck } from "@tabler/icons-react";
import { ApiError, type ErrorDetail } from "../api/client";
import i18n from "../i18n";

// The API names the field first ("due_on: must be a date"), for programs; a person gets a sentence.
export function personMessage(message: string): string {
  const text = message.replace(/^[a-z_][a-z0-9_.[\]]*: /i, "").trim();
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : message;
}

const sentence = (text: string) => (text ? text.charAt(0).toUpperCase() + text.slice(1) : text);

// A refusal in the reader's language, from its stable code and values (never from the English text): an
// import's problem as the import page says it, or a field's refusal after the field's name.
export function detailMessage(detail: Pick<ErrorDetail, "message" | "code" | "field" | "params">): string {
  const { code, field, params } = detail;
  if (code?.startsWith("import.") && i18n.exists(`importProblem.${code.slice(7)}`)) {
    return i18n.t(`importProblem.${code.slice(7)}`, params);
  }
  if (code && i18n.exists(`apiError.${code}`)) {
    const text = i18n.t(`apiError.${code}`, params);
    const leaf = field
      ?.split(".")
      .filter((part) => !/^\d+$/.test(part))
      .pop();
    // A form's question names itself ("form_required"); other fields go by their name where the app knows it.
    if (code.startsWith("form_") || !leaf || !i18n.exists(`apiField.${leaf}`)) return sentence(text);
    return `${i18n.t(`apiField.${leaf}`)}: ${text}`;
  }
  return personMessage(detail.message);
}

// An import's problem or note (code, values and English wording) in the reader's language.
export function importProblemMessage(problem: {
  code: string;
  params: Record<string, string | number>;
  message: string;
}) {
  const key = `importProblem.${problem.code}`;
  return i18n.exists(key) ? i18n.t(key, problem.params) : problem.message;
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return i18n.t("errors.network");
    if (error.status === 401) return i18n.t("errors.unauthorized");
    if (error.status === 403) return error.message ? personMessage(error.message) : i18n.t("errors.forbidden");
    if (error.status === 404) return i18n.t("errors.notFound");
    if (error.status === 429) return i18n.t("errors.tooMany");
    if (error.status >= 500) return i18n.t("errors.server");
    if (error.details.length) return error.details.map(detailMessage).join("; ");
    return personMessage(error.message);
  }
  return error instanceof Error ? error.message : String(error);
}

export function notifyError(error: unknown, title?: string) {
  notifications.show({
    color: "red",
    title: title ?? i18n.t("errors.title"),
    message: errorMessage(error),
    icon: <IconAlertTriangle size={18} />,
    autoClose: 6000,
  });
}

export function notifySuccess(message: string) {
  // A polite status (an error is an alert, Mantine's default): a screen reader says it after what it is reading.
  notifications.show({ color: "teal", message, icon: <IconCheck size={18} />, autoClose: 2500, role: "status" });
}
