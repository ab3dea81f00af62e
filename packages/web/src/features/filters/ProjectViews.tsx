import type { ProjectPermissions } from "@takt/contracts";
import { useCallback, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { lazyNamed, PageSkeleton } from "../../app/lazy";
import { useWorkspace } from "../../app/workspace";
import "../calendar/calendar.css";
import { ProjectFieldsProvider } from "../custom-fields/context";
import { useFieldValues } from "../custom-fields/mutations";
import { fieldsOf, useFieldSettings } from "../custom-fields/queries";
import type { FieldSetting } from "../custom-fields/types";
import { BoardView } from "../projects/BoardView";
import { type BoardData, useWholeBoard } from "../projects/board";
import { ListView } from "../projects/ListView";
import { allTasks, arrange, type GroupLabels } from "./arrange";
import { FilterBar } from "./FilterBar";
import { activeFilterCount, useViewSettings } from "./settings";

const NO_SETTINGS: FieldSetting[] = [];

// Calendar and Timeline load when first opened, in their own chunks.
const CalendarView = lazyNamed(() => import("../calendar/CalendarView"), "CalendarView", <PageSkeleton />);
const AddFieldModal = lazyNamed(() => import("../custom-fields/AddFieldModal"), "AddFieldModal");
const TimelineView = lazyNamed(() => import("../timeline/TimelineView"), "TimelineView", <PageSkeleton />);

// List, Board, Calendar and Timeline over one project's tasks, with the person's own filter/sort/group.
export function ProjectViews({
  view,
  projectGid,
  board,
  permissions,
  activeTask,
  onOpen,
  composeSignal,
}: {
  view: string;
  projectGid: string;
  board: BoardData;
  permissions: ProjectPermissions | undefined;
  activeTask?: string;
  onOpen(gid: string): void;
  composeSignal: number;
}) {
  const { t } = useTranslation();
  const { me } = useWorkspace();
  const { settings, update } = useViewSettings(me.gid, projectGid);
  const fieldSettings = useFieldSettings(projectGid);
  const fieldActions = useFieldValues();
  const [adding, setAdding] = useState(false);
  const fields = useMemo(() => (fieldSettings.data ?? []).map((setting) => setting.custom_field), [fieldSettings.data]);
  const labels: GroupLabels = {
    noAssignee: t("filters.noAssignee"),
    noValue: t("filters.noValue"),
    overdue: t("filters.due.overdue"),
    today: t("dates.today"),
    thisWeek: t("filters.group.thisWeek"),
    later: t("filters.group.later"),
    noDue: t("filters.due.none"),
  };
  const by = view === "board" ? settings.columns : view === "list" ? settings.group : "section";
  // A plain Board loads its columns as they are scrolled; every other view, and a filtered, sorted or regrouped
  // Board, shows or counts every task: the rest of the board loads in the background.
  useWholeBoard(
    projectGid,
    board,
    view !== "board" || by !== "section" || settings.sort !== "manual" || activeFilterCount(settings) > 0,
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: labels follow the language, which t reflects
  const arranged = useMemo(() => arrange(board, settings, by, fields, labels), [board, settings, by, fields, t]);
  const total = useMemo(() => allTasks(board).length, [board]);
  const shown = useMemo(() => allTasks(arranged.board).length, [arranged]);
  // The lookup keeps its identity while no task's completion changed (a move or a rename), so the memoised rows and
  // cards that read it through the context do not all render again.
  const completion = useRef<{ map: Map<string, boolean>; lookup(gid: string): boolean | undefined } | null>(null);
  const completedOf = useMemo(() => {
    const map = new Map(allTasks(board).map((task) => [task.gid, task.completed]));
    const previous = completion.current;
    if (
      previous &&
      previous.map.size === map.size &&
      [...map].every(([gid, completed]) => previous.map.get(gid) === completed)
    ) {
      return previous.lookup;
    }
    const lookup = (gid: string) => map.get(gid);
    completion.current = { map, lookup };
    return lookup;
  }, [board]);
  const addField = useCallback(() => setAdding(true), []);
  const fieldsContext = useMemo(
    () => ({
      projectGid,
      settings: fieldSettings.data ?? NO_SETTINGS,
      canManage: !!permissions?.manage_fields,
      addField,
      completedOf,
    }),
    [projectGid, fieldSettings.data, permissions?.manage_fields, addField, completedOf],
  );

  const regroup = (taskGid: string, column: string) => {
    const fieldGid = settings.columns.slice(6);
    const field = fields.find((item) => item.gid === fieldGid);
    const task = allTasks(board).find((item) => item.gid === taskGid);
    if (!field || !task) return;
    const value = { ...field, ...fieldsOf(task).find((item) => item.gid === fieldGid) };
    const option = column === "o:none" ? null : column.slice(2);
    fieldActions.set(task, value, field.resource_subtype === "multi_enum" ? (option ? [option] : []) : option);
  };

  const content = () => {
    switch (view) {
      case "board":
        return (
          <BoardView
            projectGid={projectGid}
            board={arranged.board}
            permissions={permissions}
            activeTask={activeTask}
            onOpen={onOpen}
            composeSignal={composeSignal}
            onRegroup={arranged.regrouped ? regroup : undefined}
          />
        );
      case "calendar":
        return <CalendarView tasks={allTasks(arranged.board)} onOpen={onOpen} />;
      case "timeline":
        return <TimelineView board={arranged.board} onOpen={onOpen} />;
      default:
        return (
          <ListView
            projectGid={projectGid}
            board={arranged.board}
            permissions={permissions}
            activeTask={activeTask}
            onOpen={onOpen}
            composeSignal={composeSignal}
            regrouped={arranged.regrouped}
          />
        );
    }
  };

  return (
    <ProjectFieldsProvider value={fieldsContext}>
      <FilterBar
        view={view}
        settings={settings}
        update={update}
        fields={fields}
        onAddField={permissions?.manage_fields && (view === "list" || view === "board") ? addField : undefined}
        shown={shown}
        total={total}
      />
      {content()}
      {adding && (
        <AddFieldModal
          projectGid={projectGid}
          opened={adding}
          onClose={() => setAdding(false)}
          existing={fieldSettings.data ?? []}
        />
      )}
    </ProjectFieldsProvider>
  );
}
