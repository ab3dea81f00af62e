import type { CreateCrmIntakeBody, UpdateCrmIntakeBody } from "@takt/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, type BodyOf } from "../../api/client";
import { crmKeys, type Intake } from "./queries";

export type IntakeInput = BodyOf<typeof CreateCrmIntakeBody>;

// Intakes are made, changed, given a new secret URL, or deleted; the list follows the server.
export function useIntakeActions(workspace: string) {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: crmKeys.all });
  const save = useMutation({
    mutationFn: ({ existing, input }: { existing: Intake | null; input: IntakeInput }) =>
      existing
        ? api.put<Intake, typeof UpdateCrmIntakeBody>(`/crm_intakes/${existing.gid}`, input)
        : api.post<Intake, typeof CreateCrmIntakeBody>(`/workspaces/${workspace}/crm_intakes`, input),
    // A 400 is shown in the dialog, under the mapping it names.
    meta: { silent: true },
    onSuccess: refresh,
  });
  const rotate = useMutation({
    mutationFn: (intake: Intake) => api.post<Intake>(`/crm_intakes/${intake.gid}/rotate`),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (intake: Intake) => api.delete(`/crm_intakes/${intake.gid}`),
    onSuccess: refresh,
  });
  return { save, rotate, remove };
}
