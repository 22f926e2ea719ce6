# syntax=docker/dockerfile:1
# The Storefleet dashboard: the Vite build served as static files by an
# unprivileged nginx on port 8080. The Ingress sends /api to the API Service;
# this server proxies nothing.
#
# Build from the repository root:
#   docker build -f docker/dashboard.Dockerfile -t storefleet/dashboard:dev .
ARG NODE_IMAGE=node:24.21.0-bookworm-slim
ARG NGINX_IMAGE=nginxinc/nginx-unprivileged:1.28.0-alpine

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
# The dashboard needs no generated Prisma client: skip install scripts.
RUN npm ci --ignore-scripts --prefer-offline --no-audit --no-fund
COPY tsconfig.base.json ./
COPY libs/contracts libs/contracts
COPY apps/dashboard apps/dashboard
RUN npx vite build --config apps/dashboard/vite.config.ts

FROM ${NGINX_IMAGE} AS runtime
COPY docker/nginx/dashboard.conf /etc/nginx/conf.d/default.conf
COPY --from=build /src/apps/dashboard/dist /usr/share/nginx/html
# nginx-unprivileged's user (uid 101), by number for runAsNonRoot.
USER 101:101
EXPOSE 8080
