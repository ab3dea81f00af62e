import type { FastifyInstance } from "fastify";

export async function customFieldsRoutes(_app: FastifyInstance) {}
