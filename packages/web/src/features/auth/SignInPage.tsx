import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router";
import { ApiError, api } from "../../api/client";
import { keys, useSetupStatus } from "../../api/queries";
import type { Me } from "../../api/types";
import { errorMessage } from "../../components/notify";
import { setLanguage } from "../../i18n";
import { AuthLayout } from "./AuthLayout";

export function SignInPage() {
  const { t, i18n } = useTranslation();
  const status = useSetupStatus();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (status.data?.needs_setup) return <Navigate to="/setup" replace />;

  // Repeated failures lock sign-in for a while (429): say until when, in the reader's clock.
  const signInError = (failure: unknown) => {
    if (!(failure instanceof ApiError)) return errorMessage(failure);
    if (failure.status === 401) return t("auth.wrongCredentials");
    if (failure.status !== 429) return errorMessage(failure);
    const until = new Date(Date.now() + (failure.retryAfter ?? 60) * 1000);
    const time = until.toLocaleTimeString(i18n.language, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
    return t("auth.tooManyAttempts", { time });
  };

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const me = await api.post<Me>("/auth/login", { email, password });
      queryClient.clear();
      queryClient.setQueryData(keys.setup, { needs_setup: false });
      queryClient.setQueryData(keys.me, me);
      if (me.language === "en" || me.language === "ru") await setLanguage(me.language);
      const next = params.get("next");
      navigate(next?.startsWith("/") ? next : "/");
    } catch (failure) {
      setError(signInError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthLayout title={t("auth.signInTitle")} subtitle={t("auth.signInSubtitle")}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          {error && (
            <Alert color="red" variant="light" data-testid="signin-error">
              {error}
            </Alert>
          )}
          <TextInput
            label={t("auth.email")}
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
            data-testid="signin-email"
            autoFocus
          />
          <PasswordInput
            label={t("auth.password")}
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            data-testid="signin-password"
          />
          <Anchor component={Link} to="/forgot-password" size="xs" ta="right" data-testid="forgot-password">
            {t("auth.forgotLink")}
          </Anchor>
          <Button type="submit" mt="xs" loading={busy} data-testid="signin-submit">
            {t("auth.signIn")}
          </Button>
          <Text size="xs" c="dimmed" ta="center">
            {t("auth.inviteOnly")}
          </Text>
        </Stack>
      </form>
    </AuthLayout>
  );
}
