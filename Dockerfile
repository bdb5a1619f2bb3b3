# One image for the five Node.js processes; docker-compose.yml and deploy/kubernetes pick the entry point per service.
# What ships is each service's own production deployment (`pnpm deploy --prod`): its compiled code, @fuel/shared and its
# production dependencies, at the path it has in the repository. The development kit (@fuel/devkit: stand-ins, demo
# data, development keys) is a development dependency and is not in it; e2e/src/shipped-build.e2e-spec.ts builds the
# same deployments and looks inside them. The operations tools (@fuel/ops) go to libs/ops for one-off jobs.
FROM node:20-bookworm-slim AS build
WORKDIR /src
RUN npm install -g pnpm@12.4.2
COPY . .
RUN pnpm install --frozen-lockfile && pnpm exec turbo run build --filter='./services/*' --filter=@fuel/shared --filter=@fuel/ops
RUN for package in gateway:@fuel/gateway user:@fuel/user-service order:@fuel/order-service payment:@fuel/payment-service map:@fuel/map-service; do \
      pnpm --filter "${package#*:}" deploy --prod "/app/services/${package%%:*}"; \
    done && pnpm --filter @fuel/ops deploy --prod /app/libs/ops

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app /app
USER node
CMD ["node", "services/gateway/dist/bundle/main.mjs"]
