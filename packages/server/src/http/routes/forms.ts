import type { FastifyInstance } from "fastify";

export async function formsRoutes(_app: FastifyInstance) {}
