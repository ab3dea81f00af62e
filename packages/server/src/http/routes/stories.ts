import type { FastifyInstance } from "fastify";

export async function storiesRoutes(_app: FastifyInstance) {}
