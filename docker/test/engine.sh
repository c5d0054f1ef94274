# shellcheck shell=bash
# The container engine of the harness (sourced by docker/test/run): Podman as root, in storage and state of its
# own, serving a Docker-compatible API for the docker CLI and Compose through DOCKER_HOST. Nothing here applies to
# a user's Docker: it is how this Debian machine without Docker Engine, systemd or a registry runs the real
# Dockerfiles and compose.yaml.

# Kept between runs on one machine (Podman's storage, so the base images and build layers stay cached).
readonly ENGINE_STATE="/var/cache/media-streams/harness"
# This run only.
readonly ENGINE_RUN="/run/media-streams-harness"
readonly ENGINE_SOCKET="${ENGINE_RUN}/podman.sock"

# Podman reads these two files instead of the system's; the settings are what this machine needs:
# - runtime runc: crun fails on this machine's hybrid cgroup (v1 + v2) layout; cgroups by cgroupfs, no systemd;
# - ulimits within the machine's hard limits: Podman's default of 1048576 open files is refused;
# - container networks in 198.18.0.0/15, the benchmarking range, never a private range of the machine's network;
# - events to a file: there is no journald.
write_engine_config() {
  mkdir -p "${ENGINE_STATE}/storage" "${ENGINE_STATE}/networks" "${ENGINE_RUN}/storage" "${ENGINE_RUN}/libpod"
  cat >"${ENGINE_RUN}/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
tmp_dir = "${ENGINE_RUN}/libpod"

[network]
network_backend = "netavark"
network_config_dir = "${ENGINE_STATE}/networks"
default_subnet = "198.18.0.0/24"
default_subnet_pools = [{ "base" = "198.18.0.0/15", "size" = 24 }]
EOF
  cat >"${ENGINE_RUN}/storage.conf" <<EOF
[storage]
driver = "overlay"
graphroot = "${ENGINE_STATE}/storage"
runroot = "${ENGINE_RUN}/storage"
EOF
  export CONTAINERS_CONF="${ENGINE_RUN}/containers.conf" CONTAINERS_STORAGE_CONF="${ENGINE_RUN}/storage.conf"
}

# Starts `podman system service` and points the docker CLI and Compose at it. Podman's API has no BuildKit, so
# the docker CLI and docker-compose use the classic build API (Buildah then handles the Dockerfile's cache mount).
start_engine() {
  write_engine_config
  rm -f "${ENGINE_SOCKET}"
  podman system service --time 0 "unix://${ENGINE_SOCKET}" >"${LOG_DIR}/podman-service.log" 2>&1 &
  ENGINE_PID=$!
  export DOCKER_HOST="unix://${ENGINE_SOCKET}" DOCKER_BUILDKIT=0
  local waited=0
  until docker info >/dev/null 2>&1; do
    if ! kill -0 "${ENGINE_PID}" 2>/dev/null || [ "${waited}" -ge 30 ]; then
      tail -n 20 "${LOG_DIR}/podman-service.log" >&2
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  # Left over by an interrupted run: everything in this storage is the harness's own.
  remove_containers
  start_healthcheck_timer
}

# Podman runs a container's health check from a systemd timer; without systemd (as here) nobody runs it, and a
# container stays "starting" for ever. This loop is the timer: it runs each running container's own health check,
# as configured in its image or compose.yaml, with `podman healthcheck run` every interval, the first one interval
# after the container starts, as Docker does. Podman itself applies the check's timeout, retries and start period
# and records the result that `docker inspect` shows; the loop only decides when.
start_healthcheck_timer() {
  healthcheck_timer >"${LOG_DIR}/healthchecks.log" 2>&1 &
  TIMER_PID=$!
}

healthcheck_timer() {
  set +o errexit # a failed inspect of a container that just went must not end the timer
  declare -A due running
  local id now interval
  while :; do
    now="$(date +%s)"
    for id in $(podman ps --quiet --no-trunc --filter status=running 2>/dev/null); do
      if [ -z "${due[${id}]:-}" ]; then
        interval="$(podman inspect --format '{{if .Config.Healthcheck}}{{.Config.Healthcheck.Interval.Seconds}}{{end}}' "${id}" 2>/dev/null || true)"
        interval="${interval%%.*}"
        if [ -z "${interval}" ]; then
          due[${id}]=never
          continue
        fi
        due[${id}]=$((now + interval))
        running[${id}]=""
        echo "$(date +%T) ${id:0:12}: health check every ${interval}s"
      fi
      [ "${due[${id}]}" != never ] || continue
      if [ "${now}" -ge "${due[${id}]}" ] && ! still_running "${running[${id}]:-}"; then
        interval="$(podman inspect --format '{{.Config.Healthcheck.Interval.Seconds}}' "${id}" 2>/dev/null || echo 5)"
        due[${id}]=$((now + ${interval%%.*}))
        (
          if podman healthcheck run "${id}" >/dev/null 2>&1; then status=healthy; else status="unhealthy or starting"; fi
          echo "$(date +%T) ${id:0:12}: ${status}"
        ) &
        running[${id}]=$!
      fi
    done
    sleep 1
  done
}

still_running() {
  [ -n "$1" ] && kill -0 "$1" 2>/dev/null
}

# Stops what start_engine started, containers first. Only the processes this run started, by their ids.
stop_engine() {
  if [ -n "${TIMER_PID:-}" ]; then
    kill "${TIMER_PID}" 2>/dev/null || true
    wait "${TIMER_PID}" 2>/dev/null || true
    TIMER_PID=""
  fi
  if [ -n "${ENGINE_PID:-}" ]; then
    remove_containers >/dev/null 2>&1 || true
    kill "${ENGINE_PID}" 2>/dev/null || true
    wait "${ENGINE_PID}" 2>/dev/null || true
    ENGINE_PID=""
  fi
  end_exec_monitors
  # containers/storage keeps its overlay directory bind-mounted on itself; nothing uses it any more.
  if mountpoint -q "${ENGINE_STATE}/storage/overlay"; then umount "${ENGINE_STATE}/storage/overlay" || true; fi
  rm -f "${ENGINE_SOCKET}"
}

# Containers, with the build containers a failed build leaves (mounted), networks and volumes of this storage.
remove_containers() {
  podman rm --all --force --time 0 >/dev/null
  podman ps --all --external --quiet | xargs -r podman rm --force >/dev/null
  podman network prune --force >/dev/null
  podman volume prune --force >/dev/null
}

# Podman leaves the conmon of each exec session (health checks, docker exec) waiting five minutes (--exit-delay)
# to report an exit status nobody will ask for; the containers are gone. Ends those of this storage, by id.
end_exec_monitors() {
  local pids pid waited=0
  pids="$(ps -eo pid=,comm=,args= | awk -v storage="${ENGINE_STATE}/storage/" '$2 == "conmon" && index($0, storage) { print $1 }')"
  [ -n "${pids}" ] || return 0
  # shellcheck disable=SC2086 # a list of process ids
  kill ${pids} 2>/dev/null || true
  # Until they are gone they hold the storage's mounts.
  for pid in ${pids}; do
    while kill -0 "${pid}" 2>/dev/null && [ "${waited}" -lt 50 ]; do
      sleep 0.2
      waited=$((waited + 1))
    done
  done
}
