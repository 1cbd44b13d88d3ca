# syntax=docker/dockerfile:1
# The API image: compiled once in a build stage, run from production dependencies only, as a non-root user.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY migrations ./migrations
COPY seeds ./seeds
COPY schema ./schema
# Only the service's own folders: the tests are not part of the image.
RUN npx tsc -p . --outDir dist && rm -rf dist/test

FROM node:20-bookworm-slim AS production
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000 \
    SEED_SCALE=none
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY schema/trusted-documents.json ./schema/trusted-documents.json
# The node image's unprivileged user; the process never needs root (PORT is above 1024).
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM from `docker stop` reaches node directly (exec form), which drains and exits 0.
CMD ["node", "dist/src/main.js"]
