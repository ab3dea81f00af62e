import { Box, Group, ScrollArea, Select, SimpleGrid, Skeleton, Stack, Text } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSprints } from "../sprints/queries";
import { BurndownChart, CumulativeFlowChart, VelocityChart } from "./charts";

// The project's charts: burndown of a chosen sprint and velocity for Scrum projects, cumulative flow for all.
export function ProjectCharts({ projectGid, scrum }: { projectGid: string; scrum: boolean }) {
  const { t } = useTranslation();
  const sprints = useSprints(projectGid, scrum);
  const choices = (sprints.data ?? []).filter((sprint) => sprint.state !== "planned");
  const [chosen, setChosen] = useState<string | null>(null);
  useEffect(() => {
    if (chosen || !choices.length) return;
    const active = choices.find((sprint) => sprint.state === "active");
    setChosen((active ?? choices[choices.length - 1]).gid);
  }, [choices, chosen]);
  const sprint = choices.find((item) => item.gid === chosen);

  return (
    <ScrollArea style={{ flex: 1 }} type="auto" data-testid="charts-view">
      <Stack p="lg" gap="lg" maw={1280}>
        {scrum && (
          <>
            <Group justify="space-between">
              <Text fw={650}>{t("charts.sprintCharts")}</Text>
              {sprints.isPending ? (
                <Skeleton h={30} w={220} />
              ) : (
                choices.length > 0 && (
                  <Select
                    size="xs"
                    w={240}
                    value={chosen}
                    onChange={setChosen}
                    allowDeselect={false}
                    data={choices
                      .slice()
                      .reverse()
                      .map((item) => ({
                        value: item.gid,
                        label: item.state === "active" ? `${item.name} · ${t("sprints.active")}` : item.name,
                      }))}
                    data-testid="chart-sprint"
                  />
                )
              )}
            </Group>
            <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
              <Box>
                <BurndownChart sprint={sprint} />
              </Box>
              <Box>
                <VelocityChart projectGid={projectGid} />
              </Box>
            </SimpleGrid>
          </>
        )}
        <CumulativeFlowChart projectGid={projectGid} />
      </Stack>
    </ScrollArea>
  );
}
