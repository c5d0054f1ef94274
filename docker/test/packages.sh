# shellcheck shell=bash
# What the container harness needs from Debian 12 (sourced by .ci/run and docker/test/run).

# Prints the Debian packages the harness needs that are not installed, one a line.
harness_missing_packages() {
  local package
  # Podman as the engine, with runc (crun fails on hybrid cgroups), netavark and aardvark-dns for networks with
  # DNS between services, iptables for published ports; debootstrap makes the base images; curl for the checks.
  for package in podman runc netavark aardvark-dns iptables debootstrap curl; do
    dpkg-query --show --showformat='${Status}' "${package}" 2>/dev/null | grep -q ' installed$' || echo "${package}"
  done
  # The docker CLI ./services calls: these machines have Docker's static client in /usr/local/bin; without one,
  # Debian's docker.io brings its 20.10 client (API 1.41, which Podman serves); its daemon is never started.
  command -v docker >/dev/null 2>&1 || echo docker.io
  # Compose: the v2 plugin when the docker CLI has it, else Debian's docker-compose (1.29).
  if ! docker compose version >/dev/null 2>&1 && ! command -v docker-compose >/dev/null 2>&1; then
    echo docker-compose
  fi
}

# Installs packages with apt-get, without starting the services they bring (docker.io's dockerd, for one).
harness_install_packages() {
  local guard=/usr/sbin/policy-rc.d guarded=""
  if [ ! -e "${guard}" ]; then
    printf '#!/bin/sh\nexit 101\n' >"${guard}" && chmod +x "${guard}" && guarded=yes
  fi
  apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  local status=$?
  if [ -n "${guarded}" ]; then rm -f "${guard}"; fi
  return "${status}"
}
