# syntax=docker/dockerfile:1
# Build: Go (native engine) + JDK 17 + Maven + Node.js (contract compiler), then run on a slim JRE.
FROM golang:1.26-bookworm AS go
FROM rust:1-bookworm AS rust

FROM maven:3.9-eclipse-temurin-17 AS build
COPY --from=go /usr/local/go /usr/local/go
COPY --from=rust /usr/local/cargo /usr/local/cargo
COPY --from=rust /usr/local/rustup /usr/local/rustup
ENV PATH=/usr/local/go/bin:/usr/local/cargo/bin:$PATH CGO_ENABLED=1 \
    RUSTUP_HOME=/usr/local/rustup CARGO_HOME=/usr/local/cargo
RUN apt-get update \
 && apt-get install -y --no-install-recommends gcc libc6-dev nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Dependencies first, so source edits do not refetch them.
COPY pom.xml ./
COPY native/go.mod native/go.sum ./native/
COPY circuits/go.mod circuits/go.sum ./circuits/
COPY native-dp/Cargo.toml native-dp/Cargo.lock ./native-dp/
RUN mvn -B -q dependency:go-offline && (cd native && go mod download) \
 && (cd native-dp && cargo fetch --locked)
COPY . .
RUN mvn -B -DskipTests package

FROM eclipse-temurin:17-jre
# Node.js compiles each snapshot's verifier contract at run time (solc-js is in the jar).
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs wget \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --create-home --home-dir /home/lockerism lockerism \
 && mkdir /data && chown lockerism /data
COPY --from=build /src/target/lockerism.jar /opt/lockerism/lockerism.jar
USER lockerism
ENV LOCKERISM_DATA_DIR=/data LOCKERISM_PORT=8080
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD wget -qO- http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["java", "-jar", "/opt/lockerism/lockerism.jar"]
CMD ["serve"]
