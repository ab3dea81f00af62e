import { registerApiJobRunner } from "../templates/api-job.ts";
import { duplicatePortfolio } from "./portfolio.use-cases.ts";

// POST /portfolios/{gid}/duplicate's job: the copy, made as the person who asked.
registerApiJobRunner("duplicate_portfolio", async (ctx, _job, payload) => {
  const copy = await duplicatePortfolio(ctx, {
    portfolio: Number(payload.portfolio),
    name: String(payload.name),
    include: (payload.include as string[] | undefined) ?? [],
  });
  return { portfolio: copy.gid };
});
