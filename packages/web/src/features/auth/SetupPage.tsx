import { Alert, Button, Divider, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { IconSparkles } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useNavigate } from "react-router";
import { errorMessage } from "../../components/notify";
import { AuthLayout } from "./AuthLayout";
import { useSetup } from "./mutations";
import { useSetupStatus } from "./queries";

export function SetupPage() {
  const { t, i18n } = useTranslation();
  const status = useSetupStatus();
  const navigate = useNavigate();
  const setup = useSetup();
  const [form, setForm] = useState({ workspace_name: "", name: "", email: "", password: "" });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<"form" | "demo" | null>(null);

  if (status.data && !status.data.needs_setup) return <Navigate to="/" replace />;

  const submit = async (body: { demo: true } | typeof form, kind: "form" | "demo") => {
    setBusy(kind);
    setError(null);
    try {
      await setup.mutateAsync({ ...body, language: i18n.language === "ru" ? "ru" : "en" });
      navigate("/");
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(null);
    }
  };

  const field = (key: keyof typeof form) => ({
    value: form[key],
    onChange: (event: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [key]: event.currentTarget.value }),
  });

  return (
    <AuthLayout title={t("setup.title")} subtitle={t("setup.subtitle")} width={460}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit(form, "form");
        }}
      >
        <Stack gap="sm">
          {status.data?.email_configured !== undefined && (
            <Alert
              color={status.data.email_configured ? "green" : "orange"}
              variant="light"
              data-testid="setup-email-status"
            >
              {status.data.email_configured ? t("setup.emailOn") : t("setup.emailOff")}
            </Alert>
          )}
          {error && (
            <Alert color="red" variant="light" data-testid="setup-error">
              {error}
            </Alert>
          )}
          <TextInput
            label={t("setup.workspace")}
            placeholder={t("setup.workspacePlaceholder")}
            required
            {...field("workspace_name")}
            data-testid="setup-workspace"
          />
          <TextInput label={t("setup.name")} required {...field("name")} data-testid="setup-name" />
          <TextInput label={t("auth.email")} type="email" required {...field("email")} data-testid="setup-email" />
          <PasswordInput
            label={t("auth.password")}
            description={t("setup.passwordHint")}
            required
            minLength={8}
            {...field("password")}
            data-testid="setup-password"
          />
          <Button type="submit" mt="xs" loading={busy === "form"} disabled={!!busy} data-testid="setup-submit">
            {t("setup.create")}
          </Button>
        </Stack>
      </form>
      <Divider my="lg" label={t("common.or")} labelPosition="center" />
      <Stack gap={6}>
        <Button
          variant="light"
          leftSection={<IconSparkles size={16} />}
          onClick={() => submit({ demo: true }, "demo")}
          loading={busy === "demo"}
          disabled={!!busy}
          data-testid="setup-demo"
        >
          {t("setup.demo")}
        </Button>
        <Text size="xs" c="dimmed" ta="center">
          {t("setup.demoHint")}
        </Text>
      </Stack>
    </AuthLayout>
  );
}
