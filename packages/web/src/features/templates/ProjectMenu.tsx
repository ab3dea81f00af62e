import { ActionIcon, Menu, Tooltip } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconDots, IconTemplate } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { Project } from "../../api/types";
import { lazyNamed } from "../../app/lazy";
import { useWorkspace } from "../../app/workspace";
import { useDialogFromButton } from "../../components/useDialogFromButton";
import { RulesButton } from "../rules/RulesButton";

const SaveAsTemplateModal = lazyNamed(() => import("./SaveAsTemplateModal"), "SaveAsTemplateModal");

// The project header's automation entries: the rules (lightning) for who may manage them, and the project menu with
// "Save as template" for who may use templates and edit the project.
export function ProjectAutomationActions({ project }: { project: Project }) {
  const { t } = useTranslation();
  const { abilities } = useWorkspace();
  const [saveOpened, saveControls] = useDisclosure(false);
  const saveRendered = useDialogFromButton(saveOpened);
  return (
    <>
      {project.permissions?.manage_rules && <RulesButton projectGid={project.gid} />}
      {abilities?.manage_templates && project.permissions?.edit && (
        <Menu position="bottom-end" withinPortal shadow="md">
          {/* The tooltip outside the target: the menu's id, aria-expanded and aria-controls reach the button. */}
          <Tooltip label={t("templates.projectMenu")}>
            <Menu.Target>
              <ActionIcon
                variant="default"
                size={30}
                aria-label={t("templates.projectMenu")}
                data-testid="project-menu"
              >
                <IconDots size={16} />
              </ActionIcon>
            </Menu.Target>
          </Tooltip>
          <Menu.Dropdown>
            <Menu.Item
              leftSection={<IconTemplate size={14} />}
              onClick={saveControls.open}
              data-testid="save-as-template"
            >
              {t("templates.saveAs")}
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      )}
      {saveRendered && <SaveAsTemplateModal project={project} opened={saveOpened} onClose={saveControls.close} />}
    </>
  );
}
