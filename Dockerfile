# One image for the five Node.js processes; docker-compose.yml picks the entry point per service.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN npm install -g pnpm@12.4.2
COPY . .
RUN pnpm install --frozen-lockfile && pnpm exec turbo run build --filter='./services/*' --filter='./libs/*'
RUN pnpm prune --prod || true

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app /app
USER node
CMD ["node", "services/gateway/dist/src/main.js"]
