import type { FastifyInstance } from "fastify";

export async function statusUpdatesRoutes(_app: FastifyInstance) {}
