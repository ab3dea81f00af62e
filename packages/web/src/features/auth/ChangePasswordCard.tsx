import { Button, Card, Group, PasswordInput, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client";
import { notifyError, notifySuccess } from "../../components/notify";
import { useChangePassword } from "./mutations";

// On the profile page: the current password and a new one; the server ends every other session.
export function ChangePasswordCard() {
  const { t } = useTranslation();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [wrongCurrent, setWrongCurrent] = useState(false);
  const changePassword = useChangePassword();
  const change = {
    isPending: changePassword.isPending,
    mutate: () =>
      changePassword.mutate(
        { current_password: current, new_password: next },
        {
          onSuccess: () => {
            setCurrent("");
            setNext("");
            notifySuccess(t("auth.passwordChanged"));
          },
          onError: (failure) => {
            if (failure instanceof ApiError && failure.message.startsWith("current_password:")) setWrongCurrent(true);
            else notifyError(failure);
          },
        },
      ),
  };
  return (
    <Card withBorder padding="lg">
      <Text fw={600}>{t("auth.changePasswordTitle")}</Text>
      <Text size="sm" c="dimmed" mb="sm">
        {t("auth.changePasswordHint")}
      </Text>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setWrongCurrent(false);
          change.mutate();
        }}
      >
        <Stack gap="sm">
          <PasswordInput
            label={t("auth.currentPassword")}
            autoComplete="current-password"
            required
            value={current}
            error={wrongCurrent ? t("auth.wrongCurrentPassword") : undefined}
            onChange={(event) => setCurrent(event.currentTarget.value)}
            data-testid="current-password"
          />
          <PasswordInput
            label={t("auth.newPassword")}
            description={t("auth.passwordTooShort")}
            autoComplete="new-password"
            required
            minLength={8}
            value={next}
            onChange={(event) => setNext(event.currentTarget.value)}
            data-testid="new-password"
          />
          <Group justify="flex-end">
            <Button type="submit" loading={change.isPending} disabled={!current || next.length < 8}>
              {t("auth.changePassword")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
