import { sql } from "kysely";
import type { PortfolioAccessLevel, PortfoliosTable } from "../../db/schema-resources.ts";
import { newGid } from "../../ids.ts";
import { type Ctx, transact } from "../context.ts";

// A portfolio's writes. They raise no events: events reach the whole workspace, and a private portfolio's name is
// for its members alone.

export function insertPortfolio(
  ctx: Ctx,
  row: Omit<PortfoliosTable, "gid" | "created_at" | "modified_at">,
  members: number[],
) {
  return transact(ctx, async (tx) => {
    const full: PortfoliosTable = { ...row, gid: newGid(), created_at: tx.now, modified_at: tx.now };
    await tx.trx.insertInto("portfolios").values(full).execute();
    const admins = new Set([row.owner_gid, row.created_by_gid].filter((gid): gid is number => gid !== null));
    for (const userGid of new Set([...admins, ...members])) {
      await tx.trx
        .insertInto("portfolio_memberships")
        .values({
          gid: newGid(),
          portfolio_gid: full.gid,
          user_gid: userGid,
          access_level: admins.has(userGid) ? "admin" : row.default_access_level,
          created_at: tx.now,
        })
        .execute();
    }
    return full;
  });
}

export function updatePortfolio(ctx: Ctx, row: PortfoliosTable) {
  return transact(ctx, async (tx) => {
    const next = { ...row, modified_at: tx.now };
    const { gid, ...rest } = next;
    await tx.trx.updateTable("portfolios").set(rest).where("gid", "=", gid).execute();
    if (row.owner_gid !== null) await addMembers(tx.trx, row.gid, [row.owner_gid], "admin", tx.now);
    return next;
  });
}

export function deletePortfolio(ctx: Ctx, gid: number) {
  return transact(ctx, async (tx) => {
    await tx.trx
      .deleteFrom("portfolio_items")
      .where("item_type", "=", "portfolio")
      .where("item_gid", "=", gid)
      .execute();
    await tx.trx.deleteFrom("goal_relationships").where("supporting_gid", "=", gid).execute();
    await tx.trx.deleteFrom("portfolios").where("gid", "=", gid).execute();
  });
}

type Trx = Parameters<Parameters<typeof transact>[1]>[0]["trx"];

async function addMembers(
  trx: Trx,
  portfolioGid: number,
  userGids: number[],
  level: PortfolioAccessLevel,
  now: string,
) {
  for (const userGid of userGids) {
    await trx
      .insertInto("portfolio_memberships")
      .values({ gid: newGid(), portfolio_gid: portfolioGid, user_gid: userGid, access_level: level, created_at: now })
      .onConflict((conflict) => conflict.columns(["portfolio_gid", "user_gid"]).doNothing())
      .execute();
  }
}

export function addPortfolioMembers(ctx: Ctx, portfolio: PortfoliosTable, userGids: number[]) {
  return transact(ctx, (tx) => addMembers(tx.trx, portfolio.gid, userGids, portfolio.default_access_level, tx.now));
}

export function removePortfolioMembers(ctx: Ctx, portfolioGid: number, userGids: number[]) {
  return transact(ctx, async (tx) => {
    if (userGids.length === 0) return;
    await tx.trx
      .deleteFrom("portfolio_memberships")
      .where("portfolio_gid", "=", portfolioGid)
      .where("user_gid", "in", userGids)
      .execute();
  });
}

export function placeItem(
  ctx: Ctx,
  portfolioGid: number,
  item: { type: "project" | "portfolio"; gid: number },
  position: number,
) {
  return transact(ctx, async (tx) => {
    // A project item is also Asana's project_portfolio_setting: it has a gid of its own.
    const settingGid = item.type === "project" ? newGid() : null;
    await tx.trx
      .insertInto("portfolio_items")
      .values({
        portfolio_gid: portfolioGid,
        item_type: item.type,
        item_gid: item.gid,
        position,
        created_at: tx.now,
        setting_gid: settingGid,
      })
      .onConflict((conflict) =>
        conflict.columns(["portfolio_gid", "item_gid"]).doUpdateSet({
          position,
          setting_gid: sql<number | null>`coalesce(portfolio_items.setting_gid, ${settingGid})`,
        }),
      )
      .execute();
  });
}

export function removeItem(ctx: Ctx, portfolioGid: number, itemGid: number) {
  return transact(ctx, async (tx) => {
    await tx.trx
      .deleteFrom("portfolio_items")
      .where("portfolio_gid", "=", portfolioGid)
      .where("item_gid", "=", itemGid)
      .execute();
  });
}

export function setFieldSetting(ctx: Ctx, portfolioGid: number, fieldGid: number, important: boolean, attach: boolean) {
  return transact(ctx, async (tx) => {
    if (!attach) {
      await tx.trx
        .deleteFrom("portfolio_custom_field_settings")
        .where("portfolio_gid", "=", portfolioGid)
        .where("custom_field_gid", "=", fieldGid)
        .execute();
      return;
    }
    await tx.trx
      .insertInto("portfolio_custom_field_settings")
      .values({
        gid: newGid(),
        portfolio_gid: portfolioGid,
        custom_field_gid: fieldGid,
        is_important: important ? 1 : 0,
        created_at: tx.now,
      })
      .onConflict((conflict) =>
        conflict.columns(["portfolio_gid", "custom_field_gid"]).doUpdateSet({ is_important: important ? 1 : 0 }),
      )
      .execute();
  });
}

export function setAccessControlInherited(ctx: Ctx, settingGid: number, inherited: boolean) {
  return transact(ctx, async (tx) => {
    await tx.trx
      .updateTable("portfolio_items")
      .set({ is_access_control_inherited: inherited ? 1 : 0 })
      .where("setting_gid", "=", settingGid)
      .execute();
  });
}

// A copy of a portfolio (Asana's duplicate): the copier owns it; custom field settings always come along, and
// what `include` names — members (with their access), child projects and portfolios (the same items, linked).
export function copyPortfolio(
  ctx: Ctx,
  source: PortfoliosTable,
  copy: {
    name: string;
    ownerGid: number;
    members: { user_gid: number; access_level: PortfolioAccessLevel }[];
    items: { item_type: "project" | "portfolio"; item_gid: number; position: number }[];
    keepSharing: boolean;
  },
) {
  return transact(ctx, async (tx) => {
    const row: PortfoliosTable = {
      ...source,
      gid: newGid(),
      name: copy.name,
      owner_gid: copy.ownerGid,
      created_by_gid: copy.ownerGid,
      public: copy.keepSharing ? source.public : 0,
      created_at: tx.now,
      modified_at: tx.now,
    };
    await tx.trx.insertInto("portfolios").values(row).execute();
    const members = new Map(copy.members.map((member) => [member.user_gid, member.access_level]));
    members.set(copy.ownerGid, "admin");
    for (const [userGid, level] of members) {
      await tx.trx
        .insertInto("portfolio_memberships")
        .values({ gid: newGid(), portfolio_gid: row.gid, user_gid: userGid, access_level: level, created_at: tx.now })
        .execute();
    }
    const fields = await tx.trx
      .selectFrom("portfolio_custom_field_settings")
      .select(["custom_field_gid", "is_important"])
      .where("portfolio_gid", "=", source.gid)
      .execute();
    for (const field of fields) {
      await tx.trx
        .insertInto("portfolio_custom_field_settings")
        .values({ gid: newGid(), portfolio_gid: row.gid, ...field, created_at: tx.now })
        .execute();
    }
    for (const item of copy.items) {
      await tx.trx
        .insertInto("portfolio_items")
        .values({
          portfolio_gid: row.gid,
          ...item,
          created_at: tx.now,
          setting_gid: item.item_type === "project" ? newGid() : null,
        })
        .execute();
    }
    return row;
  });
}
