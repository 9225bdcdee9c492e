# Multi-stage image: dependencies → build → a slim runtime with the built app and the worker.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci

FROM deps AS build
COPY . .
RUN npx next build && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production
# Inside the container's own network namespace; what reaches it is decided by the published port.
ENV HOST=0.0.0.0
RUN useradd --system --uid 1001 musictrace && mkdir -p /data && chown musictrace /data
COPY --from=build --chown=musictrace /app ./
USER musictrace
EXPOSE 3000
# node directly (not npm) so SIGTERM reaches the app and it stops gracefully.
CMD ["node", "--import", "tsx", "scripts/start.ts", "--web-only"]
