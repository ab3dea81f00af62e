import type { FastifyInstance } from "fastify";

export async function teamsRoutes(_app: FastifyInstance) {}
