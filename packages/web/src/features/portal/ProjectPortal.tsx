import { Button } from "@mantine/core";
import { IconUserPlus } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Project } from "../../api/types";
import { lazyNamed } from "../../app/lazy";
import { useDialogFromButton } from "../../components/useDialogFromButton";
import { FormsMenu } from "./FormsMenu";
import { StatusChip } from "./StatusUpdates";

// The dialog (people pickers, invitations) loads when Share is first pressed.
const ShareDialog = lazyNamed(() => import("./ShareDialog"), "ShareDialog");

// Project header, beside the title: the latest status update; who may edit the project may post a new one.
export function ProjectStatus({ project }: { project: Project }) {
  return <StatusChip project={project.gid} canPost={!!project.permissions?.edit} />;
}

// Project header, right side: request forms (to fill, or to manage) and Share (invite a client or a colleague).
export function ProjectPortalActions({ project }: { project: Project }) {
  const { t } = useTranslation();
  const [share, setShare] = useState(false);
  const shareRendered = useDialogFromButton(share);
  const can = project.permissions;
  return (
    <>
      {(can?.manage_forms || can?.submit_forms) && <FormsMenu project={project.gid} canEdit={!!can.manage_forms} />}
      {(can?.share || can?.add_members) && (
        <>
          <Button
            size="xs"
            variant="default"
            leftSection={<IconUserPlus size={16} />}
            onClick={() => setShare(true)}
            data-testid="share"
            className="takt-compact"
            aria-label={t("portal.share.button")}
          >
            <span className="takt-compact-label">{t("portal.share.button")}</span>
          </Button>
          {shareRendered && <ShareDialog project={project} opened={share} onClose={() => setShare(false)} />}
        </>
      )}
    </>
  );
}
