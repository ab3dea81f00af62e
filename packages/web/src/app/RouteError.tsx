import { Button, Center, Group, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { IconAlertTriangle, IconHome, IconRefresh } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { isRouteErrorResponse, useRouteError } from "react-router";
import { NotFound } from "../components/NotFound";
import { checkForNewVersion, isChunkLoadError } from "./version";

// The router's error page: a page that failed to draw (or a route that does not exist) gets words and a way on,
// never the developer screen.
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFound />;
  // The page's code is gone: the server was updated while this tab was open.
  const updated = isChunkLoadError(error);
  if (updated) void checkForNewVersion(true);
  return (
    <Center h="100%" mih="60vh" p="lg" data-testid="route-error">
      <Stack align="center" gap="sm" ta="center" maw={460}>
        <ThemeIcon size={64} radius="xl" variant="light" color={updated ? "takt" : "red"}>
          {updated ? <IconRefresh size={32} stroke={1.6} /> : <IconAlertTriangle size={32} stroke={1.6} />}
        </ThemeIcon>
        <Title order={1} size="h2" fw={650}>
          {updated ? t("routeError.updatedTitle") : t("routeError.title")}
        </Title>
        <Text c="dimmed">{updated ? t("routeError.updatedText") : t("routeError.text")}</Text>
        <Group mt="xs">
          <Button
            variant={updated ? "filled" : "default"}
            leftSection={<IconRefresh size={16} />}
            onClick={() => window.location.reload()}
            data-testid="route-error-reload"
          >
            {t("routeError.reload")}
          </Button>
          <Button component="a" href="/" variant="light" leftSection={<IconHome size={16} />}>
            {t("notFound.home")}
          </Button>
        </Group>
      </Stack>
    </Center>
  );
}
