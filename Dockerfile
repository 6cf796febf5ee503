# pdsa in a container: build with the Rust image, run on a slim Debian with a non-root user.
# The binary carries its templates, static files, migrations and seeds; /data holds the SQLite
# file (or use DATABASE_URL=postgres://… and no volume at all). SQLite, libpq and its OpenSSL are
# linked into the binary; ca-certificates is the trust store for TLS to the mail server.
FROM rust:1-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked && strip target/release/pdsa

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /data pdsa && mkdir /data && chown pdsa /data
COPY --from=build /src/target/release/pdsa /usr/local/bin/pdsa
USER pdsa
WORKDIR /data
VOLUME /data
ENV DATABASE_URL=/data/pdsa.db PDSA_BIND=0.0.0.0:8080 PDSA_DEMO=0 OUTBOX_DIR=/data/outbox
EXPOSE 8080
CMD ["pdsa", "serve"]
