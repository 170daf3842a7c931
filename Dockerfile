# One image for every Tsukimi service; the command picks the role, e.g.
#   node dist/apps/conductor/src/main.js
# (apps/prefill, apps/decode, apps/kvpool likewise). `npm run build` compiles the services and
# libraries to JavaScript under dist/ with SWC (a production dependency), so a service starts
# without loading a compiler. The TypeScript sources stay for the `tsukimi` CLI, which runs them
# through the runtime hook.
ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# npm links each workspace (libs/*, apps/*) into node_modules, so their folders come first.
COPY package.json package-lock.json ./
COPY tools/runtime/ tools/runtime/
COPY tools/build/ tools/build/
COPY libs/ libs/
COPY apps/ apps/
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
RUN npm run build && for app in conductor prefill decode kvpool; do node dist/apps/$app/src/main.js --help >/dev/null; done

FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
RUN groupadd --system --gid 10001 tsukimi \
 && useradd --system --uid 10001 --gid tsukimi --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin tsukimi
# Owned by root and read-only to the service user: the services write only to mounted volumes.
COPY --from=deps /app /app
USER 10001:10001
EXPOSE 8000 8101 8102 8103 50060 50061 50062 50070
CMD ["node", "dist/apps/conductor/src/main.js"]
