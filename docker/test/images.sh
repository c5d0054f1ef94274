# shellcheck shell=bash
# The images the harness makes because no registry is reachable (sourced by docker/test/run): the base images
# docker/app/Dockerfile builds on, made with debootstrap (base/Containerfile), and the stand-ins for the images
# compose.yaml pulls (fixtures/Containerfile). Names as the Dockerfiles and compose.yaml spell them, as the
# Docker API resolves them (docker.io/...).

readonly JDK_IMAGE="docker.io/library/maven:3.9-eclipse-temurin-17"
readonly JRE_IMAGE="docker.io/library/eclipse-temurin:17-jre"
readonly HARNESS_IMAGES="docker.io/media-streams-harness"
readonly RECIPE_LABEL="io.github.mediastreams.harness.recipe"
readonly DEBOOTSTRAP=(debootstrap --variant=minbase bookworm)
readonly LOCAL_CAS="/usr/local/share/ca-certificates"

# The cache key of the base images: what makes them. A change of any of it makes them anew; so does a fresh
# machine, whose Podman storage is empty.
base_recipe() {
  {
    printf '%s\n' "${DEBOOTSTRAP[*]}"
    cat "${HARNESS_DIR}/base/Containerfile"
    if [ -d "${LOCAL_CAS}" ]; then find "${LOCAL_CAS}" -type f -name '*.crt' -print0 | sort -z | xargs -0r cat; fi
  } | sha256sum | cut -c1-16
}

recipe_of() {
  podman image inspect --format "{{index .Labels \"${RECIPE_LABEL}\"}}" "$1" 2>/dev/null || true
}

# Sets BASE_RECIPE, and BASE_CACHED=yes when the images of that recipe are already here.
make_base_images() {
  BASE_RECIPE="$(base_recipe)"
  BASE_CACHED=yes
  local image
  for image in "${JDK_IMAGE}" "${JRE_IMAGE}" "${HARNESS_IMAGES}/fixture-runtime:${BASE_RECIPE}"; do
    [ "$(recipe_of "${image}")" = "${BASE_RECIPE}" ] || BASE_CACHED=no
  done
  if [ "${BASE_CACHED}" = yes ]; then
    echo "Base images of recipe ${BASE_RECIPE} are cached in ${ENGINE_STATE}."
    return 0
  fi
  local work="${ENGINE_STATE}/work" bookworm="${HARNESS_IMAGES}/bookworm:${BASE_RECIPE}" target
  rm -rf "${work}"
  mkdir -p "${work}/context/ca-certificates"
  echo "Making a Debian 12 root file system: ${DEBOOTSTRAP[*]}"
  "${DEBOOTSTRAP[@]}" "${work}/rootfs"
  # What debootstrap leaves for apt; the images fetch fresh package lists anyway.
  rm -rf "${work}/rootfs/var/lib/apt/lists/"* "${work}/rootfs/var/cache/apt/archives/"*.deb "${work}/rootfs/var/cache/apt/"*.bin
  tar -C "${work}/rootfs" -c . | podman import --change "LABEL ${RECIPE_LABEL}=${BASE_RECIPE}" \
    --change 'CMD ["/bin/bash"]' - "${bookworm}"
  if [ -d "${LOCAL_CAS}" ]; then cp -R "${LOCAL_CAS}/." "${work}/context/ca-certificates/"; fi
  cp "${HARNESS_DIR}/base/Containerfile" "${work}/context/"
  for target in jdk:"${JDK_IMAGE}" jre:"${JRE_IMAGE}" fixture-runtime:"${HARNESS_IMAGES}/fixture-runtime:${BASE_RECIPE}"; do
    echo "Building ${target#*:} (stage ${target%%:*})"
    podman build --format docker --target "${target%%:*}" --build-arg "BOOKWORM=${bookworm}" \
      --label "${RECIPE_LABEL}=${BASE_RECIPE}" --tag "${target#*:}" "${work}/context"
  done
  rm -rf "${work}"
  # Images of earlier recipes.
  podman images --format '{{.Repository}}:{{.Tag}}' | grep "^${HARNESS_IMAGES}/" | grep -v ":${BASE_RECIPE}\$" |
    xargs -r podman rmi --force >/dev/null || true
}

# The stand-ins, from this checkout's fixtures and testkit jar; cheap, so made on every run.
make_standin_images() {
  local context="${ENGINE_RUN}/fixtures" kms_modules_base="$1"
  rm -rf "${context}"
  cp -R "${HARNESS_DIR}/fixtures" "${context}"
  cp "${TESTKIT_JAR}" "${context}/testkit-standalone.jar"
  local build=(podman build --format docker --build-arg "JDK_IMAGE=${JDK_IMAGE}"
    --build-arg "RUNTIME_IMAGE=${HARNESS_IMAGES}/fixture-runtime:${BASE_RECIPE}")
  "${build[@]}" --target kms --tag "${KMS_STANDIN}" --tag "docker.io/kurento/kurento-media-server:${kms_modules_base}" "${context}"
  "${build[@]}" --target orion --tag "${ORION_STANDIN}" "${context}"
  "${build[@]}" --target mongo --tag "${MONGO_STANDIN}" "${context}"
  rm -rf "${context}"
}

# "<name> <size>" of the images that matter, for the report.
image_sizes() {
  podman images --format '{{.Repository}}:{{.Tag}} {{.Size}}' |
    grep -E '^docker\.io/(library|kurento|fiware|media-streams)/' | sed 's|^docker\.io/||; s|^library/||' | sort
}
