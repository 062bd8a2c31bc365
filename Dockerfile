# Minimal multi-stage image on Node.js 24, the current LTS (README and package.json `engines` agree). It cannot be
# built on the development machines here (no Docker engine), so it is kept to the plainest steps: build with dev
# dependencies, run the compiled JavaScript with production dependencies only.
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:24-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The trusted-documents manifest (TRUSTED_DOCUMENTS=1) is read from schema/ next to dist/.
COPY schema/trusted-documents.json ./schema/trusted-documents.json
USER node
EXPOSE 4000
# Set BITRIX24_PORTAL_URL (required with NODE_ENV=production: the gateway refuses to start without it).
# The node flags are `npm start`'s (package.json; test/unit/start-command.test.ts keeps the two equal): a larger
# young generation, measured with `npm run bench:overhead` (docs/performance.md).
CMD ["node", "--max-semi-space-size=64", "dist/main.js"]
