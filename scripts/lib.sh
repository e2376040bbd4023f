# Shared helpers for the scripts in this folder. Source it; do not run it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JOBS="${JOBS:-$(nproc)}"
export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-8G}"

# Debian packages the project needs to build, test and run.
PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git ca-certificates curl python3 openssl
  qt6-base-dev qt6-base-dev-tools qt6-declarative-dev qt6-declarative-dev-tools
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-qpa-plugins
  qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-layouts qml6-module-qtquick-window
  qml6-module-qtquick-templates qml6-module-qtqml qml6-module-qtqml-workerscript qml6-module-qttest
  libsqlite3-dev libsodium-dev libssl-dev libpq-dev zlib1g-dev qtkeychain-qt6-dev
  postgresql postgresql-client nginx-light
  xvfb xauth fonts-dejavu-core fonts-material-design-icons-iconfont xdotool imagemagick
  clang-14 libclang-rt-14-dev clang-tidy-14 clang-format-14
  nodejs chromium
)

log() { printf '\033[1m== %s\033[0m\n' "$*" >&2; }

# Installs whatever of PACKAGES is missing (needs root or sudo).
ensure_packages() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  # The tests start their own PostgreSQL and nginx: packages must not start system-wide ones (nginx on
  # port 80 fails to install where that port is taken). A policy-rc.d of our own only while installing.
  local policy=/usr/sbin/policy-rc.d own_policy=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null && $sudo chmod 755 "$policy" && own_policy=1
  fi
  local status=0
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || status=$?
  [ -n "$own_policy" ] && $sudo rm -f "$policy"
  return $status
}

# cmake_build <preset>: configure (once) and build a CMake preset.
cmake_build() {
  local preset="$1"
  cd "$ROOT"
  [ -f "build/$preset/build.ninja" ] || cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$JOBS"
}
