import { Alert, Button, PasswordInput, Stack, TextInput } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { api } from "../../api/client";
import { errorMessage } from "../../components/notify";
import { AuthLayout } from "./AuthLayout";

// Minimal until the client-portal issue: sets a name and password for an invitation token, then signs in.
export function InvitePage() {
  const { t } = useTranslation();
  const { token } = useParams();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.post(`/invitations/accept/${token}`, { ...(name.trim() ? { name: name.trim() } : {}), password });
      window.location.assign("/");
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthLayout title={t("invite.title")} subtitle={t("invite.subtitle")}>
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
          <TextInput label={t("setup.name")} value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <PasswordInput
            label={t("auth.password")}
            description={t("setup.passwordHint")}
            required
            minLength={8}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <Button type="submit" loading={busy}>
            {t("invite.accept")}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
