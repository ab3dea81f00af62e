import type { FastifyInstance } from "fastify";

export async function userTaskListsRoutes(_app: FastifyInstance) {}
