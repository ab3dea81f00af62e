import type { FastifyInstance } from "fastify";

export async function sectionsRoutes(_app: FastifyInstance) {}
