# syntax=docker/dockerfile:1
# Takt: one image for every role (web, worker, all) and every command (takt backup, migrate, …).
#   docker build -t takt .
#   docker run -p 3000:3000 -v takt-data:/data takt            (SQLite in the volume)
#   compose.yaml runs web + worker + PostgreSQL. See docs/deploy.md.

ARG NODE_IMAGE=node:22-bookworm-slim

# 1. Production dependencies only (npm ci --omit=dev), with the tools better-sqlite3 needs if no prebuilt
#    binary fits this platform.
FROM ${NODE_IMAGE} AS deps
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/contracts/package.json packages/contracts/
COPY packages/server/package.json packages/server/
COPY packages/web/package.json packages/web/
RUN npm ci --omit=dev --workspace @takt/server --include-workspace-root=false && npm cache clean --force

# 2. Build: every dependency, then the web app (packages/web/dist) and the compiled server (packages/server/dist).
FROM ${NODE_IMAGE} AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/contracts/package.json packages/contracts/
COPY packages/server/package.json packages/server/
COPY packages/web/package.json packages/web/
RUN npm ci
COPY packages ./packages
RUN npm run build

# 3. Runtime: production dependencies, the compiled server and the built web assets; no sources, no dev tools.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    TAKT_RUN_FROM=dist \
    TAKT_DATA_DIR=/data \
    PORT=3000 \
    HOST=0.0.0.0 \
    NODE_OPTIONS=--max-semi-space-size=4
WORKDIR /app
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/package.json ./
COPY --from=build --chown=root:root /app/packages/server/package.json ./packages/server/
COPY --from=build --chown=root:root /app/packages/server/bin ./packages/server/bin
COPY --from=build --chown=root:root /app/packages/server/dist ./packages/server/dist
COPY --from=build --chown=root:root /app/packages/web/dist ./packages/web/dist
COPY deploy/docker-entrypoint.sh /usr/local/bin/takt-entrypoint
# The code belongs to root and is read-only for the server; only /data is written (database, attachments, keys).
RUN chmod 0755 /usr/local/bin/takt-entrypoint \
    && groupadd --system --gid 10001 takt \
    && useradd --system --uid 10001 --gid takt --home-dir /data --shell /usr/sbin/nologin takt \
    && mkdir -p /data && chown takt:takt /data && chmod 0700 /data
USER takt:takt
VOLUME ["/data"]
EXPOSE 3000
# /healthz: the process answers (a load balancer should use /readyz, which also checks the database).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/takt-entrypoint"]
CMD ["serve"]
