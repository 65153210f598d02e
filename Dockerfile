# syntax=docker/dockerfile:1
# Signpost in a container: build with the dev toolchain, run on a slim Node 20 image as a non-root user.
#   docker build -t signpost .
#   docker run -p 3978:3978 -v signpost-data:/data --env-file .env signpost
# NODE_ENV is production here: give it MicrosoftAppId (and its password) and SIGNPOST_SECRET, and MONGODB_URI to
# share one database between containers (without it the embedded store, SQLite, lives in the /data volume: the
# server and `docker exec ... node dist/src/cli.js` commands share it, but not containers on other hosts).

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
# bench/ is left out (and .dockerignore keeps it out of the context): the benchmarks need the dev dependencies the
# image prunes (autocannon); `signpost bench` in the image says so. Run them from a checkout: npm ci && npm run bench.
# better-sqlite3 (the embedded store) compiles its native module when no prebuilt one can be downloaded.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
# npm ci installs exactly the lock file (running the dependencies' install scripts), then our prepare script, which is
# `npm run build` (tsc into dist/). Then the dev toolchain goes.
RUN npm ci --no-audit --no-fund
RUN test -f dist/src/index.js && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3978 \
    SIGNPOST_DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# What the server reads at run time: the NLU models and needs, the bundled directory and geography, the web pages.
COPY cognitiveModels ./cognitiveModels
COPY data ./data
COPY web ./web
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/healthz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/index.js"]
