import { Alert, Anchor, Button, PasswordInput, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { ApiError } from "../../api/client";
import { errorMessage } from "../../components/notify";
import { AuthLayout } from "./AuthLayout";
import { useResetPassword } from "./mutations";

const MIN_LENGTH = 8;

// The link from a reset email: a new password, then straight in (every other session has ended).
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const { token = "" } = useParams();
  const navigate = useNavigate();
  const reset = useResetPassword();
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [invalidLink, setInvalidLink] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (password.length < MIN_LENGTH) return setError(t("auth.passwordTooShort"));
    if (password !== repeat) return setError(t("auth.passwordsDiffer"));
    setBusy(true);
    setError(null);
    try {
      await reset.mutateAsync({ token, password });
      navigate("/", { replace: true });
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 400 && failure.message.startsWith("token:")) {
        setInvalidLink(true);
      } else {
        setError(errorMessage(failure).replace(/^\w+: /, ""));
      }
    } finally {
      setBusy(false);
    }
  };

  if (invalidLink) {
    return (
      <AuthLayout title={t("auth.resetTitle")}>
        <Stack gap="md" data-testid="reset-invalid">
          <Alert color="orange" variant="light">
            {t("auth.resetInvalid")}
          </Alert>
          <Button component={Link} to="/forgot-password" variant="light">
            {t("auth.requestNewLink")}
          </Button>
        </Stack>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title={t("auth.resetTitle")} subtitle={t("auth.resetSubtitle")}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          {error && (
            <Alert color="red" variant="light" data-testid="reset-error">
              {error}
            </Alert>
          )}
          <PasswordInput
            label={t("auth.newPassword")}
            autoComplete="new-password"
            required
            autoFocus
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            data-testid="reset-password"
          />
          <PasswordInput
            label={t("auth.repeatPassword")}
            autoComplete="new-password"
            required
            value={repeat}
            onChange={(event) => setRepeat(event.currentTarget.value)}
            data-testid="reset-repeat"
          />
          <Button type="submit" loading={busy} data-testid="reset-submit">
            {t("auth.resetSubmit")}
          </Button>
          <Text ta="center">
            <Anchor component={Link} to="/login" size="sm">
              {t("auth.backToSignIn")}
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthLayout>
  );
}
