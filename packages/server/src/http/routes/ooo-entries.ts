import {
  CreateOooEntryBody,
  Empty,
  OooEntriesQuery,
  OooEntry,
  OooEntryParams,
  UpdateOooEntryBody,
} from "@takt/contracts";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import type { OooEntriesTable } from "../../db/schema.ts";
import {
  createOooEntryUseCase,
  deleteOooEntryUseCase,
  listOooEntries,
  presentOooEntries,
  readOooEntry,
  updateOooEntryUseCase,
} from "../../domain/ooo/ooo-entry.use-cases.ts";
import { shape } from "../../domain/opt-fields.ts";
import { contract } from "../contract.ts";
import { actorOf, created, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parse, parseData } from "../validation.ts";

type ByEntry = { Params: { ooo_entry_gid: string } };

// Out-of-office entries (Asana's /ooo_entries): the days a person is away.
export async function oooEntriesRoutes(app: FastifyInstance) {
  const { db } = app.takt;
  const entryGid = (request: FastifyRequest<ByEntry>) => gidParam(request.params.ooo_entry_gid, "ooo_entry");
  const presentOne = async (request: FastifyRequest, entry: OooEntriesTable) =>
    shape((await presentOooEntries(db, [entry]))[0], optFieldsOf(request));

  app.get(
    "/ooo_entries",
    contract({ summary: "Get out-of-office entries", query: OooEntriesQuery, response: z.array(OooEntry) }),
    async (request) => {
      const query = parse(OooEntriesQuery, request.query ?? {});
      const page = pageOf(request);
      const rows = await listOooEntries(db, actorOf(request), query, page.window);
      const optFields = optFieldsOf(request);
      const presented = (await presentOooEntries(db, rows)).map((entry) => shape(entry, optFields));
      return listed(request, page, presented);
    },
  );

  app.post(
    "/ooo_entries",
    contract({ summary: "Create an out-of-office entry", body: CreateOooEntryBody, status: 201, response: OooEntry }),
    async (request, reply) => {
      const input = parseData(CreateOooEntryBody, request.body);
      const entry = await createOooEntryUseCase(ctxOf(request), input);
      return created(reply, "/ooo_entries", (await presentOne(request, entry)) as { gid: string });
    },
  );

  app.get<ByEntry>(
    "/ooo_entries/:ooo_entry_gid",
    contract({ summary: "Get an out-of-office entry", params: OooEntryParams, response: OooEntry }),
    async (request) => ({
      data: await presentOne(request, await readOooEntry(db, actorOf(request), entryGid(request))),
    }),
  );

  app.put<ByEntry>(
    "/ooo_entries/:ooo_entry_gid",
    contract({
      summary: "Update an out-of-office entry",
      params: OooEntryParams,
      body: UpdateOooEntryBody,
      response: OooEntry,
    }),
    async (request) => {
      const input = parseData(UpdateOooEntryBody, request.body);
      const entry = await updateOooEntryUseCase(ctxOf(request), entryGid(request), input);
      return { data: await presentOne(request, entry) };
    },
  );

  app.delete<ByEntry>(
    "/ooo_entries/:ooo_entry_gid",
    contract({ summary: "Delete an out-of-office entry", params: OooEntryParams, response: Empty }),
    async (request) => {
      await deleteOooEntryUseCase(ctxOf(request), entryGid(request));
      return { data: {} };
    },
  );
}
