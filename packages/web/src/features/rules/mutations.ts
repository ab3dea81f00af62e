import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import { type Rule, ruleKeys } from "./queries";
import type { RuleDraft } from "./RuleBuilder";

// A project's rules: made, changed, switched on or off (shown at once), deleted; the list follows the server.
export function useRuleActions(projectGid: string) {
  const client = useQueryClient();
  const key = ruleKeys.list(projectGid);
  const refresh = () => client.invalidateQueries({ queryKey: key });
  const save = useMutation({
    mutationFn: ({ rule, draft }: { rule: Rule | null; draft: RuleDraft }) =>
      rule
        ? api.put(`/rules/${rule.gid}`, draft)
        : api.post("/rules", { project: projectGid, enabled: true, ...draft }),
    onSuccess: refresh,
  });
  const setEnabled = useMutation({
    mutationFn: ({ rule, enabled }: { rule: Rule; enabled: boolean }) => api.put(`/rules/${rule.gid}`, { enabled }),
    meta: { undone: true },
    onMutate: ({ rule, enabled }) =>
      client.setQueryData<Rule[]>(key, (rules) =>
        rules?.map((item) => (item.gid === rule.gid ? { ...item, enabled } : item)),
      ),
    onSettled: refresh,
  });
  const remove = useMutation({ mutationFn: (rule: Rule) => api.delete(`/rules/${rule.gid}`), onSuccess: refresh });
  return { save, setEnabled, remove };
}
