# syntax=docker/dockerfile:1
# The Storefleet API image. It also carries the migration CLI and prisma/
# (schema and migrations): the Helm chart's migration Job runs
# `node dist/libs/db/src/migrate/cli.js apply` from this image.
#
# Build from the repository root:
#   docker build -f docker/api.Dockerfile -t storefleet/api:dev .
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
COPY apps/api apps/api
COPY docker/tsconfig.migrate.json docker/
RUN npx nx run api:build --skip-nx-cache \
 && npx tsc -p docker/tsconfig.migrate.json \
 && npx tsc-alias -p docker/tsconfig.migrate.json

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production STOREFLEET_ROOT=/app PORT=3000 HOST=0.0.0.0
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY --from=build /src/dist ./dist
COPY prisma ./prisma
# The image's "node" user, by number so that Kubernetes can verify runAsNonRoot.
USER 1000:1000
EXPOSE 3000
CMD ["node", "dist/apps/api/src/main.js"]
