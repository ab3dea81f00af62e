import { Alert, Button, Loader, Paper, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { IconMailOpened } from "@tabler/icons-react";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ApiError } from "../../api/client";
import { errorMessage } from "../../components/notify";
import { useInvitationPreview } from "../portal/queries";
import { AuthLayout } from "./AuthLayout";
import { useAcceptInvitation } from "./mutations";

function failureText(failure: unknown): string {
  // The server names the field ("password: …"); a person reads the sentence after it.
  if (failure instanceof ApiError && failure.status === 400) return errorMessage(failure);
  if (failure instanceof ApiError && failure.status === 401) {
    return failure.message.replace(/^\w+: /, "");
  }
  return errorMessage(failure);
}

// The link from an invitation email: who invites you where; set a name and password, or sign in if you have an account.
export function InvitePage() {
  const { t, i18n } = useTranslation();
  const { token = "" } = useParams();
  const preview = useInvitationPreview(token);
  const accept = useAcceptInvitation(token);
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await accept.mutateAsync({
        ...(name.trim() && !preview.data?.has_account ? { name: name.trim() } : {}),
        password,
        ...(preview.data?.has_account ? {} : { language: i18n.language === "ru" ? "ru" : "en" }),
      });
      window.location.assign("/");
    } catch (failure) {
      setError(failureText(failure));
    } finally {
      setBusy(false);
    }
  };

  if (preview.isPending) {
    return (
      <AuthLayout title={t("invite.title")}>
        <Stack align="center" py="lg">
          <Loader size="sm" />
        </Stack>
      </AuthLayout>
    );
  }

  if (preview.isError || !preview.data) {
    return (
      <AuthLayout title={t("portal.invite.invalidTitle")}>
        <Stack gap="md" data-testid="invite-invalid">
          <Text size="sm" c="dimmed">
            {t("portal.invite.invalidText")}
          </Text>
          <Button component={Link} to="/login" variant="light">
            {t("portal.invite.signIn")}
          </Button>
        </Stack>
      </AuthLayout>
    );
  }

  const invitation = preview.data;
  const target = invitation.project?.name ?? invitation.team?.name ?? invitation.workspace.name;
  const existing = invitation.has_account;

  return (
    <AuthLayout
      title={t("invite.title")}
      subtitle={existing ? t("portal.invite.signInToAccept") : t("invite.subtitle")}
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          <Paper withBorder radius="md" p="sm" bg="var(--mantine-color-gray-0)" data-testid="invite-summary">
            <Stack gap={4}>
              <Text size="sm">
                <IconMailOpened size={15} style={{ verticalAlign: -2, marginRight: 6 }} />
                {t("portal.invite.who", { inviter: invitation.inviter.name || invitation.workspace.name })}
              </Text>
              <Text fw={650} size="lg" data-testid="invite-target">
                {target}
              </Text>
              <Text size="xs" c="dimmed">
                {invitation.project && invitation.project.name !== invitation.workspace.name
                  ? `${invitation.workspace.name} · `
                  : ""}
                {invitation.role === "guest" ? t("portal.invite.asGuest") : t("portal.invite.asMember")}
                {" · "}
                {t("portal.invite.expires", { date: dayjs(invitation.expires_at).format("LL") })}
              </Text>
            </Stack>
          </Paper>
          {error && (
            <Alert color="red" variant="light" data-testid="invite-error">
              {error}
            </Alert>
          )}
          <TextInput label={t("auth.email")} value={invitation.email} readOnly disabled />
          {!existing && (
            <TextInput
              label={t("setup.name")}
              required
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              data-testid="invite-name"
            />
          )}
          <PasswordInput
            label={t("auth.password")}
            description={existing ? undefined : t("setup.passwordHint")}
            required
            minLength={existing ? undefined : 8}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            data-testid="invite-password"
          />
          <Button type="submit" loading={busy} data-testid="invite-accept">
            {existing ? t("portal.invite.signInAndJoin") : t("invite.accept")}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
