import { Button } from "@mantine/core";
import { IconUserPlus } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Project } from "../../api/types";
import { lazyNamed } from "../../app/lazy";
import { useWorkspace } from "../../app/workspace";
import { useIsGuest } from "./api";
import { FormsMenu } from "./FormsMenu";
import { StatusChip } from "./StatusUpdates";

// The dialog (people pickers, invitations) loads when Share is first pressed.
const ShareDialog = lazyNamed(() => import("./ShareDialog"), "ShareDialog");

// Project header, beside the title: the latest status update.
export function ProjectStatus({ project }: { project: Project }) {
  const { workspace } = useWorkspace();
  const { isGuest, known } = useIsGuest(workspace?.gid);
  if (!known) return null;
  return <StatusChip project={project.gid} canPost={!isGuest} />;
}

// Project header, right side: request forms and Share (invite a client or a colleague).
export function ProjectPortalActions({ project }: { project: Project }) {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const { isGuest, known } = useIsGuest(workspace?.gid);
  const [share, setShare] = useState(false);
  if (!known) return null;
  return (
    <>
      <FormsMenu project={project.gid} canEdit={!isGuest} />
      {!isGuest && (
        <>
          <Button
            size="xs"
            variant="default"
            leftSection={<IconUserPlus size={16} />}
            onClick={() => setShare(true)}
            data-testid="share"
          >
            {t("portal.share.button")}
          </Button>
          {share && <ShareDialog project={project} opened={share} onClose={() => setShare(false)} />}
        </>
      )}
    </>
  );
}
