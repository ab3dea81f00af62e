import fs from "node:fs";
import { ExportPathParams, GraphExportBody, Job, ResourceExportBody } from "@takt/contracts";
import type { FastifyInstance } from "fastify";
import { presentApiJob } from "../../domain/templates/api-job.ts";
import { apiExportFile, startGraphExport, startResourceExport } from "../../integrations/exporters/api-export.ts";
import { contract } from "../contract.ts";
import { baseUrl, created, ctxOf } from "../request.ts";
import { gidParam, parseData } from "../validation.ts";

// Asana's exports: each answers with a job (GET /jobs/{gid}); the job's export carries the gzip file's address.
export async function exportsRoutes(app: FastifyInstance) {
  const { db, config } = app.takt;

  app.post(
    "/exports/graph",
    contract({ summary: "Initiate a graph export", body: GraphExportBody, response: Job, status: 201 }),
    async (request, reply) => {
      const { parent } = parseData(GraphExportBody, request.body);
      const job = await startGraphExport(ctxOf(request), Number(parent));
      return created(reply, "/jobs", await presentApiJob(db, job, baseUrl(request)));
    },
  );
  app.post(
    "/exports/resource",
    contract({ summary: "Initiate a resource export", body: ResourceExportBody, response: Job, status: 201 }),
    async (request, reply) => {
      const job = await startResourceExport(ctxOf(request), parseData(ResourceExportBody, request.body));
      return created(reply, "/jobs", await presentApiJob(db, job, baseUrl(request)));
    },
  );
  app.get<{ Params: { export_gid: string } }>(
    "/exports/:export_gid/download",
    contract({ summary: "Download an export's file", params: ExportPathParams, content: "application/gzip" }),
    async (request, reply) => {
      const { file, row } = await apiExportFile(
        ctxOf(request),
        config.dataDir,
        gidParam(request.params.export_gid, "export"),
      );
      reply
        .header("content-type", "application/gzip")
        .header("content-disposition", `attachment; filename="${row.file}"`);
      return reply.send(fs.createReadStream(file));
    },
  );
}
