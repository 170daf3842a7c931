# One image for every Tsukimi service; the command picks the role, e.g.
#   node -r ./tools/runtime/register.js apps/conductor/src/main.ts
# (apps/prefill, apps/decode, apps/kvpool likewise). The sources run as TypeScript through SWC,
# a production dependency; the build compiles every service once into the hook's cache, so the
# services start from JavaScript and never load the compiler.
ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# npm links each workspace (libs/*, apps/*) into node_modules, so their folders come first.
COPY package.json package-lock.json ./
COPY tools/runtime/ tools/runtime/
COPY libs/ libs/
COPY apps/ apps/
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
RUN for app in conductor prefill decode kvpool cli; do node -r ./tools/runtime/register.js apps/$app/src/main.ts --help >/dev/null; done

FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
RUN groupadd --system --gid 10001 tsukimi \
 && useradd --system --uid 10001 --gid tsukimi --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin tsukimi
# Owned by root and read-only to the service user: the services write only to mounted volumes.
COPY --from=deps /app /app
USER 10001:10001
EXPOSE 8000 8101 8102 8103 50060 50061 50062 50070
CMD ["node", "-r", "./tools/runtime/register.js", "apps/conductor/src/main.ts"]
