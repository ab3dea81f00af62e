import { Button, Card, Group, PasswordInput, Stack, Text } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../../api/client";
import { keys } from "../../api/queries";
import type { Me } from "../../api/types";
import { notifyError, notifySuccess } from "../../components/notify";

// On the profile page: the current password and a new one; the server ends every other session.
export function ChangePasswordCard() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [wrongCurrent, setWrongCurrent] = useState(false);
  const change = useMutation({
    mutationFn: () => api.put<Me>("/users/me/password", { current_password: current, new_password: next }),
    onSuccess: (me) => {
      if (me) queryClient.setQueryData(keys.me, me);
      setCurrent("");
      setNext("");
      notifySuccess(t("auth.passwordChanged"));
    },
    onError: (failure) => {
      if (failure instanceof ApiError && failure.message.startsWith("current_password:")) setWrongCurrent(true);
      else notifyError(failure);
    },
  });
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
