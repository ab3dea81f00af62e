import type { FastifyInstance } from "fastify";

export async function recurrenceRoutes(_app: FastifyInstance) {}
