import { Alert, Anchor, Button, Stack, Text, TextInput } from "@mantine/core";
import { IconMailForward } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiError } from "../../api/client";
import { errorMessage } from "../../components/notify";
import { AuthLayout } from "./AuthLayout";
import { useRequestPasswordReset } from "./mutations";

// Asks for a reset link. The answer is the same whether or not the email has an account.
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [email, setEmail] = useState("");
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const request = useRequestPasswordReset();

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await request.mutateAsync(email.trim());
      setSentTo(email.trim());
    } catch (failure) {
      setError(
        failure instanceof ApiError && failure.status === 429 ? t("auth.tooManyRequests") : errorMessage(failure),
      );
    } finally {
      setBusy(false);
    }
  };

  const back = (
    <Anchor component={Link} to="/login" size="sm" ta="center" data-testid="back-to-sign-in">
      {t("auth.backToSignIn")}
    </Anchor>
  );

  if (sentTo) {
    return (
      <AuthLayout title={t("auth.forgotTitle")}>
        <Stack gap="md">
          <Alert color="teal" variant="light" icon={<IconMailForward size={18} />} data-testid="forgot-sent">
            {t("auth.forgotSent", { email: sentTo })}
          </Alert>
          {back}
        </Stack>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title={t("auth.forgotTitle")} subtitle={t("auth.forgotSubtitle")}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          {error && (
            <Alert color="red" variant="light">
              {error}
            </Alert>
          )}
          <TextInput
            label={t("auth.email")}
            type="email"
            autoComplete="username"
            required
            autoFocus
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
            data-testid="forgot-email"
          />
          <Button type="submit" loading={busy} data-testid="forgot-submit">
            {t("auth.forgotSubmit")}
          </Button>
          <Text ta="center">{back}</Text>
        </Stack>
      </form>
    </AuthLayout>
  );
}
