import { Alert, Box, Button, Loader, NumberInput, Select, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { IconCircleCheck } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ApiError } from "../../api/client";
import { errorMessage } from "../../components/notify";
import i18n from "../../i18n";
import { AuthLayout } from "../auth/AuthLayout";
import { useSubmitForm } from "./mutations";
import { type FormField, usePublicForm } from "./queries";

type Value = string | number | null;

function FieldInput({ field, value, onChange }: { field: FormField; value: Value; onChange(value: Value): void }) {
  const common = { label: field.label, required: field.required, "data-testid": `form-field-${field.key}` };
  switch (field.type) {
    case "textarea":
      return (
        <Textarea
          {...common}
          autosize
          minRows={3}
          value={String(value ?? "")}
          onChange={(event) => onChange(event.currentTarget.value)}
        />
      );
    case "number":
      return (
        <NumberInput {...common} value={value ?? ""} onChange={(next) => onChange(next === "" ? null : Number(next))} />
      );
    case "select":
      return (
        <Select
          {...common}
          data={field.options ?? []}
          value={value === null ? null : String(value)}
          onChange={(next) => onChange(next)}
        />
      );
    default:
      return (
        <TextInput
          {...common}
          type={field.type === "email" ? "email" : field.type === "date" ? "date" : "text"}
          value={String(value ?? "")}
          onChange={(event) => onChange(event.currentTarget.value)}
        />
      );
  }
}

// A request form as the client (or anyone with a public link) fills it in; the submission becomes a task.
export function FormPage() {
  const { t } = useTranslation();
  const { formGid = "" } = useParams();
  const form = usePublicForm(formGid);
  const [values, setValues] = useState<Record<string, Value>>({});
  const [website, setWebsite] = useState("");
  const submission = useSubmitForm(formGid);
  const [done, setDone] = useState(false);
  const failure = submission.error;
  const error = failure ? formError(failure) : null;

  const submit = () => {
    if (!form.data) return;
    const cleaned = Object.fromEntries(Object.entries(values).filter(([, value]) => value !== null && value !== ""));
    submission.mutate(
      { values: cleaned, fill_token: form.data.fill_token, ...(website ? { website } : {}) },
      { onSuccess: () => setDone(true) },
    );
  };

  if (form.isPending) {
    return (
      <AuthLayout title={t("portal.forms.loading")}>
        <Stack align="center">
          <Loader size="sm" />
        </Stack>
      </AuthLayout>
    );
  }
  if (form.isError || !form.data) {
    const status = form.error instanceof ApiError ? form.error.status : 0;
    return (
      <AuthLayout title={t("portal.forms.unavailableTitle")}>
        <Stack>
          <Text size="sm" c="dimmed">
            {status === 401 ? t("portal.forms.signInText") : t("portal.forms.unavailableText")}
          </Text>
          <Button component={Link} to={status === 401 ? "/login" : "/"} variant="light">
            {status === 401 ? t("portal.invite.signIn") : t("portal.forms.home")}
          </Button>
        </Stack>
      </AuthLayout>
    );
  }
  const data = form.data;
  if (done) {
    return (
      <AuthLayout title={data.title} width={560}>
        <Stack align="center" gap="sm" py="md" data-testid="form-done">
          <IconCircleCheck size={44} color="var(--mantine-color-teal-6)" />
          <Text fw={600}>{t("portal.forms.thanksTitle")}</Text>
          <Text size="sm" c="dimmed" ta="center">
            {t("portal.forms.thanksText", { project: data.project_name })}
          </Text>
          <Button component={Link} to="/" variant="light" mt="sm">
            {t("portal.forms.home")}
          </Button>
        </Stack>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title={data.title} subtitle={data.project_name} width={560}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
        data-testid="request-form"
      >
        <Stack gap="sm">
          {data.description && (
            <Text size="sm" c="dimmed" style={{ whiteSpace: "pre-wrap" }}>
              {data.description}
            </Text>
          )}
          {data.fields.map((field) => (
            <FieldInput
              key={field.key}
              field={field}
              value={values[field.key] ?? null}
              onChange={(value) => setValues((current) => ({ ...current, [field.key]: value }))}
            />
          ))}
          {/* People never see this; a bot that fills every input does. */}
          <Box style={{ position: "absolute", left: -10_000, width: 1, height: 1, overflow: "hidden" }} aria-hidden>
            <input
              tabIndex={-1}
              autoComplete="off"
              name="website"
              value={website}
              onChange={(e) => setWebsite(e.target.value)}
            />
          </Box>
          {error && (
            <Alert color="red" variant="light" data-testid="form-error">
              {error}
            </Alert>
          )}
          <Button type="submit" loading={submission.isPending} data-testid="form-submit">
            {t("portal.forms.submit")}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}

// The form's own refusals, said in the person's language: the anti-spam checks refuse fill_token, with a code.
function formError(failure: Error): string {
  const refused = failure instanceof ApiError && failure.status === 400 ? failure.details[0] : undefined;
  if (refused?.field === "fill_token") {
    if (refused.code === "form_too_quick") return i18n.t("portal.forms.errors.tooQuick");
    if (refused.code === "form_expired") return i18n.t("portal.forms.errors.expired");
    return i18n.t("portal.forms.errors.reload");
  }
  return errorMessage(failure);
}
