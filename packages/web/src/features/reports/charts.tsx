import { AreaChart, BarChart, LineChart } from "@mantine/charts";
import { Center, SegmentedControl, Skeleton, Text } from "@mantine/core";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import {
  type Burndown,
  type CumulativeFlow,
  formatPoints,
  pointsOf,
  type Sprint,
  useBurndown,
  useCumulativeFlow,
  useVelocity,
  type VelocityRow,
} from "../sprints/queries";
import { ChartCard } from "./ChartCard";

const HEIGHT = 300;
const FLOW_COLORS = ["gray.4", "blue.4", "violet.4", "orange.4", "cyan.5", "pink.4", "lime.5", "teal.5"];

function ChartState({ loading, error, empty }: { loading: boolean; error: boolean; empty: string | null }) {
  const { t } = useTranslation();
  if (loading) return <Skeleton h={HEIGHT} radius="md" data-testid="chart-loading" />;
  return (
    <Center h={HEIGHT} style={{ border: "1px dashed var(--mantine-color-gray-3)", borderRadius: 8 }}>
      <Text c="dimmed" size="sm" ta="center" maw={360}>
        {error ? t("charts.loadError") : empty}
      </Text>
    </Center>
  );
}

const dayLabel = (date: string) => dayjs(date).format("D MMM");

export function BurndownChart({ sprint }: { sprint: Sprint | undefined }) {
  const { t } = useTranslation();
  const [unit, setUnit] = useState<"points" | "tasks">("points");
  const burndown = useBurndown(sprint?.gid);
  const data: Burndown["days"] = burndown.data?.days ?? [];
  const rows = data.map((day) => ({
    date: dayLabel(day.date),
    day: day.date,
    ideal: unit === "points" ? day.ideal_points : day.ideal_tasks,
    remaining: unit === "points" ? day.remaining_points : day.remaining_tasks,
  }));
  const series = [
    { name: "ideal", label: t("charts.ideal"), color: "gray.5", strokeDasharray: "6 4" },
    { name: "remaining", label: t("charts.remaining"), color: "takt.6" },
  ];
  return (
    <ChartCard
      title={t("charts.burndown")}
      subtitle={sprint ? sprint.name : undefined}
      testId="burndown-chart"
      filename={`burndown-${(sprint?.name ?? "sprint").replace(/\s+/g, "-").toLowerCase()}-${unit}`}
      legend={series.map((item) => ({
        label: item.label,
        color: `var(--mantine-color-${item.color.replace(".", "-")})`,
      }))}
      csv={
        data.length
          ? {
              rows: data,
              columns: [
                { key: "date", label: t("charts.date") },
                { key: "ideal_points", label: t("charts.idealPoints") },
                { key: "remaining_points", label: t("charts.remainingPoints") },
                { key: "ideal_tasks", label: t("charts.idealTasks") },
                { key: "remaining_tasks", label: t("charts.remainingTasks") },
              ],
            }
          : null
      }
      controls={
        <SegmentedControl
          size="xs"
          value={unit}
          onChange={(value) => setUnit(value as "points" | "tasks")}
          data={[
            { value: "points", label: t("charts.points") },
            { value: "tasks", label: t("charts.tasks") },
          ]}
          data-testid="burndown-unit"
        />
      }
    >
      {!sprint || burndown.isPending || burndown.isError || rows.length === 0 ? (
        <ChartState
          loading={!!sprint && burndown.isPending}
          error={burndown.isError}
          empty={sprint ? t("charts.burndownEmpty") : t("charts.noSprint")}
        />
      ) : (
        <LineChart
          h={HEIGHT}
          data={rows}
          dataKey="date"
          series={series}
          curveType="linear"
          withLegend
          legendProps={{ verticalAlign: "top", height: 36 }}
          connectNulls={false}
          strokeWidth={2.5}
          dotProps={{ r: 3 }}
          lineProps={(line) => (line.name === "ideal" ? { dot: false, strokeWidth: 1.5 } : {})}
          yAxisLabel={unit === "points" ? t("charts.points") : t("charts.tasks")}
          valueFormatter={(value) => formatPoints(value)}
          gridAxis="y"
          tickLine="none"
        />
      )}
    </ChartCard>
  );
}

export function VelocityChart({ projectGid }: { projectGid: string }) {
  const { t } = useTranslation();
  const velocity = useVelocity(projectGid);
  const rows: VelocityRow[] = velocity.data ?? [];
  const average = rows.length ? rows.reduce((sum, row) => sum + row.completed_points, 0) / rows.length : 0;
  const series = [
    { name: "committed_points", label: t("charts.committed"), color: "gray.4" },
    { name: "completed_points", label: t("charts.completed"), color: "takt.6" },
  ];
  return (
    <ChartCard
      title={t("charts.velocity")}
      subtitle={rows.length ? t("charts.averageVelocity", pointsOf(Math.round(average * 10) / 10)) : undefined}
      testId="velocity-chart"
      filename="velocity"
      legend={series.map((item) => ({
        label: item.label,
        color: `var(--mantine-color-${item.color.replace(".", "-")})`,
      }))}
      csv={
        rows.length
          ? {
              rows,
              columns: [
                { key: "name", label: t("charts.sprint") },
                { key: "committed_points", label: t("charts.committed") },
                { key: "completed_points", label: t("charts.completed") },
              ],
            }
          : null
      }
    >
      {velocity.isPending || velocity.isError || rows.length === 0 ? (
        <ChartState loading={velocity.isPending} error={velocity.isError} empty={t("charts.velocityEmpty")} />
      ) : (
        <BarChart
          h={HEIGHT}
          data={rows}
          dataKey="name"
          series={series}
          withLegend
          legendProps={{ verticalAlign: "top", height: 36 }}
          barProps={{ radius: [4, 4, 0, 0] }}
          maxBarWidth={48}
          yAxisLabel={t("charts.points")}
          referenceLines={[{ y: Math.round(average * 10) / 10, label: t("charts.average"), color: "takt.4" }]}
          valueFormatter={(value) => formatPoints(value)}
          gridAxis="y"
          tickLine="none"
          withBarValueLabel
        />
      )}
    </ChartCard>
  );
}

export function CumulativeFlowChart({ projectGid }: { projectGid: string }) {
  const { t } = useTranslation();
  const [days, setDays] = useState("30");
  const flow = useCumulativeFlow(projectGid, Number(days));
  const data: CumulativeFlow = flow.data ?? { sections: [], days: [] };
  // The last stage at the bottom: finished work accumulates under the bands still in progress.
  const series = [...data.sections].reverse().map((name, index) => ({
    name,
    label: name,
    color: index === 0 ? "teal.5" : FLOW_COLORS[(index - 1) % FLOW_COLORS.length],
  }));
  const rows = data.days.map((day) => ({ ...day, label: dayLabel(day.date) }));
  return (
    <ChartCard
      title={t("charts.cumulativeFlow")}
      subtitle={t("charts.cumulativeFlowHint")}
      testId="cfd-chart"
      filename="cumulative-flow"
      legend={series.map((item) => ({
        label: item.label,
        color: `var(--mantine-color-${item.color.replace(".", "-")})`,
      }))}
      csv={
        rows.length
          ? {
              rows: data.days,
              columns: [
                { key: "date", label: t("charts.date") },
                ...data.sections.map((name) => ({ key: name, label: name })),
              ],
            }
          : null
      }
      controls={
        <SegmentedControl
          size="xs"
          value={days}
          onChange={setDays}
          data={[
            { value: "14", label: t("charts.days", { count: 14 }) },
            { value: "30", label: t("charts.days", { count: 30 }) },
            { value: "90", label: t("charts.days", { count: 90 }) },
          ]}
        />
      }
    >
      {flow.isPending || flow.isError || rows.length === 0 ? (
        <ChartState loading={flow.isPending} error={flow.isError} empty={t("charts.flowEmpty")} />
      ) : (
        <AreaChart
          h={HEIGHT}
          data={rows}
          dataKey="label"
          series={series}
          type="stacked"
          curveType="monotone"
          withLegend
          legendProps={{ verticalAlign: "top", height: 36 }}
          withDots={false}
          fillOpacity={0.75}
          gridAxis="y"
          tickLine="none"
          yAxisLabel={t("charts.tasks")}
        />
      )}
    </ChartCard>
  );
}
