import type { FastifyInstance } from "fastify";

export async function attachmentsRoutes(_app: FastifyInstance) {}
