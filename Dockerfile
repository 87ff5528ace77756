# respire container image: the single `deno compile`d executable on a slim Debian base.
#   docker build -t respire .
#   docker run -p 6379:6379 -v respire-data:/data respire

FROM denoland/deno:2.9.6 AS build
WORKDIR /src
COPY deno.json deno.lock ./
COPY main.ts mod.ts ./
COPY src ./src
RUN deno install --frozen --entrypoint main.ts \
 && deno compile --frozen --v8-flags=--max-semi-space-size=4 --allow-net --allow-read --allow-write --allow-env --allow-sys --allow-run \
      --output /out/respire main.ts

FROM debian:bookworm-slim
RUN groupadd --system --gid 999 respire \
 && useradd --system --uid 999 --gid respire --home-dir /data --shell /usr/sbin/nologin respire \
 && mkdir -p /data && chown respire:respire /data
COPY --from=build /out/respire /usr/local/bin/respire
USER respire
WORKDIR /data
VOLUME /data
EXPOSE 6379
# A PING over bash's /dev/tcp, so the image needs no Redis client (NOAUTH also proves liveness).
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/6379 && printf 'PING\\r\\n' >&3 && head -c 7 <&3 | grep -qE 'PONG|NOAUTH'"]
ENTRYPOINT ["respire"]
CMD ["--bind", "0.0.0.0", "--dir", "/data"]
