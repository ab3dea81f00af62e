import { ActionIcon, Indicator, Tooltip } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconBolt } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { lazyNamed } from "../../app/lazy";
import { useDialogFromButton } from "../../components/useDialogFromButton";
import { useRules } from "./queries";

// The drawer and the rule builder load when the button is first pressed.
const RulesDrawer = lazyNamed(() => import("./RulesDrawer"), "RulesDrawer");

// Project header: the rules (lightning) with the number of active ones.
export function RulesButton({ projectGid }: { projectGid: string }) {
  const { t } = useTranslation();
  const [opened, controls] = useDisclosure(false);
  const rendered = useDialogFromButton(opened);
  const rules = useRules(projectGid);
  const active = (rules.data ?? []).filter((rule) => rule.enabled).length;
  return (
    <>
      <Tooltip label={t("rules.title")}>
        <Indicator disabled={active === 0} label={active} size={16} color="yellow" offset={3}>
          <ActionIcon
            variant="default"
            size={30}
            onClick={controls.open}
            aria-label={t("rules.title")}
            data-testid="rules-button"
          >
            <IconBolt size={16} />
          </ActionIcon>
        </Indicator>
      </Tooltip>
      {rendered && <RulesDrawer projectGid={projectGid} opened={opened} onClose={controls.close} />}
    </>
  );
}
