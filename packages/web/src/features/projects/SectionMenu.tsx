import { ActionIcon, Menu } from "@mantine/core";
import {
  IconCircleCheck,
  IconCircleCheckFilled,
  IconDots,
  IconPencil,
  IconRowInsertBottom,
  IconTemplate,
  IconTrash,
} from "@tabler/icons-react";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Section } from "../../api/types";
import { MenuItemCheckbox } from "../../components/CheckedMenuItems";
import { SectionTemplateModal } from "../templates/TaskTemplates";

// A section's actions, each offered only when the section's abilities (or, for "add below", the caller) allow it;
// no menu at all when none is.
export function SectionMenu({
  section,
  onRename,
  onAddBelow,
  onDelete,
  onMarksComplete,
}: {
  section: Section;
  onRename(): void;
  // Absent: the caller may not add sections.
  onAddBelow?(): void;
  onDelete(): void;
  onMarksComplete(value: boolean): void;
}) {
  const { t } = useTranslation();
  const [templateOpen, setTemplateOpen] = useState(false);
  // Every column and list section has this menu: it is set up on the first click, not for every section on screen.
  const [menuOpen, setMenuOpen] = useState(false);
  const [armed, setArmed] = useState(false);
  // The first click swaps the plain button for the menu's own, which is why the menu cannot give focus back by
  // itself: Escape puts it back on the button.
  const button = useRef<HTMLButtonElement>(null);
  // "Rename" opens an editor that takes the focus as the menu closes; Mantine's menu would hand it back to its
  // button 10 ms later, and the editor's blur would close it again: not after that item.
  const [focusMoves, setFocusMoves] = useState(false);
  const can = section.permissions;
  if (!can?.edit && !can?.delete && !onAddBelow) return null;
  if (!armed) {
    return (
      <ActionIcon
        variant="subtle"
        color="gray"
        size="sm"
        aria-label={t("sections.actions")}
        data-testid="section-menu"
        onClick={() => {
          setArmed(true);
          setMenuOpen(true);
        }}
      >
        <IconDots size={16} />
      </ActionIcon>
    );
  }
  return (
    <>
      <Menu
        position="bottom-end"
        withinPortal
        shadow="md"
        opened={menuOpen}
        onChange={(opened) => {
          if (opened) setFocusMoves(false);
          setMenuOpen(opened);
        }}
        returnFocus={!focusMoves}
      >
        <Menu.Target>
          <ActionIcon
            ref={button}
            variant="subtle"
            color="gray"
            size="sm"
            aria-label={t("sections.actions")}
            data-testid="section-menu"
          >
            <IconDots size={16} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown
          onKeyDown={(event) => {
            if (event.key === "Escape") requestAnimationFrame(() => button.current?.focus());
          }}
        >
          {can?.edit && (
            <Menu.Item
              leftSection={<IconPencil size={14} />}
              onClick={() => {
                setFocusMoves(true);
                onRename();
              }}
              data-testid="section-rename"
            >
              {t("sections.rename")}
            </Menu.Item>
          )}
          {onAddBelow && (
            <Menu.Item
              leftSection={<IconRowInsertBottom size={14} />}
              onClick={onAddBelow}
              data-testid="section-add-below"
            >
              {t("sections.addBelow")}
            </Menu.Item>
          )}
          {can?.edit && (
            <Menu.Item
              leftSection={section.marks_complete ? <IconCircleCheckFilled size={14} /> : <IconCircleCheck size={14} />}
              onClick={() => onMarksComplete(!section.marks_complete)}
              data-testid="section-marks-complete"
              aria-checked={!!section.marks_complete}
              component={MenuItemCheckbox}
            >
              {section.marks_complete ? t("sections.marksCompleteOff") : t("sections.marksCompleteOn")}
            </Menu.Item>
          )}
          {can?.edit && (
            <Menu.Item
              leftSection={<IconTemplate size={14} />}
              onClick={() => setTemplateOpen(true)}
              data-testid="section-template"
            >
              {t("taskTemplates.sectionDefault")}
            </Menu.Item>
          )}
          {can?.delete && (
            <>
              <Menu.Divider />
              <Menu.Item
                color="red"
                leftSection={<IconTrash size={14} />}
                onClick={onDelete}
                data-testid="section-delete"
              >
                {t("sections.delete")}
              </Menu.Item>
            </>
          )}
        </Menu.Dropdown>
      </Menu>
      {templateOpen && (
        <SectionTemplateModal
          sectionGid={section.gid}
          sectionName={section.name}
          opened={templateOpen}
          onClose={() => setTemplateOpen(false)}
        />
      )}
    </>
  );
}
