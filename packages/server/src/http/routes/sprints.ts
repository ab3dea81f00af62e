import type { FastifyInstance } from "fastify";

export async function sprintsRoutes(_app: FastifyInstance) {}
