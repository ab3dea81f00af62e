import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router";
import { ApiError } from "../../api/client";
import { errorMessage } from "../../components/notify";
import { AuthLayout } from "./AuthLayout";
import { useSignIn } from "./mutations";
import { useSetupStatus } from "./queries";

export function SignInPage() {
  const { t, i18n } = useTranslation();
  const status = useSetupStatus();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const signIn = useSignIn();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (status.data?.needs_setup) return <Navigate to="/setup" replace />;

  // Repeated failures lock sign-in for a while (429): say until when, in the reader's clock.
  const signInError = (failure: unknown) => {
    if (!(failure instanceof ApiError)) return errorMessage(failure);
    if (failure.status === 401) return t("auth.wrongCredentials");
    // Deactivated in their only workspace.
    if (failure.status === 403) return t("auth.deactivated");
    if (failure.status !== 429) return errorMessage(failure);
    const until = new Date(Date.now() + (failure.retryAfter ?? 60) * 1000);
    const time = until.toLocaleTimeString(i18n.language, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
    return t("auth.tooManyAttempts", { time });
  };

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await signIn.mutateAsync({ email, password });
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
