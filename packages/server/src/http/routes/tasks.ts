import type { FastifyInstance } from "fastify";

export async function tasksRoutes(_app: FastifyInstance) {}
