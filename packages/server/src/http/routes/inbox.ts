import type { FastifyInstance } from "fastify";

export async function inboxRoutes(_app: FastifyInstance) {}
