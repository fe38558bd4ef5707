# The production server for Cloud Run or any host behind HTTPS (see docs/deploy.md).
# docker build -t massage-coach . && docker run -p 3000:3000 -e DIALOGFLOW_AUTH=... massage-coach

# Build: every dependency, tsc, the bundled server (npm run build).
FROM node:22-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY . .
RUN npm run build

# Run: production dependencies only (the bundle leaves the AWS SDK outside), as a non-root user.
FROM node:22-slim
ENV NODE_ENV=production PORT=3000 DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force \
  && mkdir -p /data && chown node:node /data
COPY --from=build /app/dist ./dist
USER node
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node itself is PID 1's command (no npm, no shell): SIGTERM from `docker stop` reaches the server,
# which finishes the turns under way and exits.
CMD ["node", "dist/src/server/main.js"]
