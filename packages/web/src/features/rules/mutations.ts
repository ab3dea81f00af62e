import type { CreateRuleBody, UpdateRuleBody } from "@takt/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, type BodyOf } from "../../api/client";
import { type Rule, ruleKeys } from "./queries";
import type { RuleDraft } from "./rule-draft";

// The builder's draft is loose while it is edited (an action without its section yet); it can be saved only once
// complete (RuleBuilder's `incomplete`), and then it has the contract's shape.
const asRule = (draft: RuleDraft) =>
  draft as unknown as Pick<BodyOf<typeof CreateRuleBody>, "name" | "trigger" | "conditions" | "actions">;

// A project's rules: made, changed, switched on or off (shown at once), deleted; the list follows the server.
export function useRuleActions(projectGid: string) {
  const client = useQueryClient();
  const key = ruleKeys.list(projectGid);
  const refresh = () => client.invalidateQueries({ queryKey: key });
  const save = useMutation({
    mutationFn: ({ rule, draft }: { rule: Rule | null; draft: RuleDraft }) =>
      rule
        ? api.put<unknown, typeof UpdateRuleBody>(`/rules/${rule.gid}`, asRule(draft))
        : api.post<unknown, typeof CreateRuleBody>("/rules", { project: projectGid, enabled: true, ...asRule(draft) }),
    onSuccess: refresh,
  });
  const setEnabled = useMutation({
    mutationFn: ({ rule, enabled }: { rule: Rule; enabled: boolean }) =>
      api.put<unknown, typeof UpdateRuleBody>(`/rules/${rule.gid}`, { enabled }),
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
