# Reset Assistant as a container: build with the dev tools, run with production dependencies only.
#   docker build -t reset-assistant .
#   docker run --env-file /etc/reset-assistant/reset-assistant.env -p 3978:3978 reset-assistant
# Settings come from the environment at run time (README "Configuration"); none are baked in.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY scripts ./scripts
RUN npm run build

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# botbuilder-dialogs' postinstall runs `npx rimraf`, a devDependency: a global copy at the locked
# version lets `npm ci --omit=dev` finish without fetching an unpinned one.
RUN npm install --global --no-audit --no-fund rimraf@6.1.4 \
    && npm ci --omit=dev --no-audit --no-fund \
    && npm uninstall --global rimraf \
    && npm cache clean --force
COPY --from=build /app/dist/src ./dist/src
# The only writable place (e.g. SQLITE_FILE=/var/lib/reset-assistant/reset.sqlite); mount a volume.
RUN mkdir -p /var/lib/reset-assistant && chown node:node /var/lib/reset-assistant
VOLUME ["/var/lib/reset-assistant"]

USER node
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/index.js"]
