# syntax=docker/dockerfile:1
# The Storefleet provisioning worker image.
#
# Build from the repository root:
#   docker build -f docker/worker.Dockerfile -t storefleet/worker:dev .
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

# Production dependencies only, without install scripts (none is needed at runtime).
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --prefer-offline --no-audit --no-fund

FROM ${NODE_IMAGE} AS build
WORKDIR /src
ENV NX_DAEMON=false NX_NO_CLOUD=true PRISMA_HIDE_UPDATE_MESSAGE=1 CHECKPOINT_DISABLE=1
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --prefer-offline --no-audit --no-fund
COPY nx.json tsconfig.base.json prisma.config.ts ./
COPY prisma prisma
COPY scripts/db scripts/db
# The Prisma client is generated code (git-ignored): generate it, then compile.
RUN bash scripts/db/generate.sh
COPY libs libs
COPY apps/worker apps/worker
RUN npx nx run worker:build --skip-nx-cache

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production STOREFLEET_ROOT=/app
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY --from=build /src/dist ./dist
# The image's "node" user, by number so that Kubernetes can verify runAsNonRoot.
USER 1000:1000
# SIGTERM reaches node directly (exec form): the worker closes its queues and
# finishes or releases its jobs before the pod's grace period ends.
CMD ["node", "dist/apps/worker/src/main.js"]
