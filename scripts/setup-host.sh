#!/usr/bin/env bash
# Installs what a fresh Debian/Ubuntu machine lacks to build and test odoo-image-maven:
# a JDK, git, PostgreSQL, podman with runc, a local registry, debootstrap and Python
# tooling. Idempotent; needs root (or sudo).
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

PACKAGES=(
  openjdk-17-jdk-headless git unzip curl ca-certificates
  postgresql postgresql-client
  podman runc uidmap slirp4netns fuse-overlayfs skopeo
  docker-registry debootstrap podman-compose catatonit
  python3 python3-venv python3-pip python3-psycopg2
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup-host: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The Debian packages start a PostgreSQL cluster and a registry as services; the tests
# start their own throw-away instances on free ports, so stop the system ones quietly.
$SUDO systemctl disable --now postgresql docker-registry >/dev/null 2>&1 || true

# Podman: crun fails on hybrid cgroups here and default ulimits are refused in
# unprivileged sandboxes, so use runc and no default ulimits (DESIGN.md).
conf=/etc/containers/containers.conf
if ! grep -q '^runtime *= *"runc"' "$conf" 2>/dev/null; then
  echo "setup-host: configuring podman ($conf)"
  $SUDO mkdir -p /etc/containers
  $SUDO tee "$conf" >/dev/null <<'CONF'
# Written by odoo-image-maven scripts/setup-host.sh
[containers]
default_ulimits = []

[engine]
runtime = "runc"
CONF
fi

echo "setup-host: ready (java $(java -version 2>&1 | head -1 | cut -d'"' -f2), podman $(podman --version | awk '{print $3}'))"
