// A rule's parts as the server handles them; the schemas that check them are the API's (packages/contracts).
export type { RuleAction, RuleCondition, RuleTrigger } from "@takt/contracts";
