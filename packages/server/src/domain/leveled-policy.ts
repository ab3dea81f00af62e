import { forbidden, notFound } from "../errors.ts";

// The shape project, portfolio and goal policies share: the actor holds an access level on an object (none: they
// do not see it), each action needs a level. Unseen is a 404 (its existence is private); seen but short of the
// needed level is a 403 saying what is needed.
export function leveledPolicy<Level extends string, Action extends string>(spec: {
  resource: string;
  rank: Record<Level, number>;
  needed: Record<Action, Level>;
  refusal?: (action: Action) => string;
}) {
  const allows = (level: Level | null | undefined, action: Action): boolean =>
    !!level && spec.rank[level] >= spec.rank[spec.needed[action]];
  return {
    needed: spec.needed,
    allows,
    check(level: Level | null | undefined, action: Action): Level {
      if (!level) throw notFound(spec.resource);
      if (!allows(level, action)) {
        throw forbidden(spec.refusal?.(action) ?? `You need ${spec.needed[action]} access to this ${spec.resource}.`);
      }
      return level;
    },
  };
}
