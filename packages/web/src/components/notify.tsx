import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconCheck } from "@tabler/icons-react";
import { ApiError } from "../api/client";
import i18n from "../i18n";

// The API names the field first ("due_on: must be a date"), for programs; a person gets a sentence.
export function personMessage(message: string): string {
  const text = message.replace(/^[a-z_][a-z0-9_.[\]]*: /i, "").trim();
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : message;
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return i18n.t("errors.network");
    if (error.status === 401) return i18n.t("errors.unauthorized");
    if (error.status === 403) return error.message ? personMessage(error.message) : i18n.t("errors.forbidden");
    if (error.status === 404) return i18n.t("errors.notFound");
    if (error.status === 429) return i18n.t("errors.tooMany");
    if (error.status >= 500) return i18n.t("errors.server");
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
