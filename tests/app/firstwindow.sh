#!/usr/bin/env bash
# Starts the real `feltnotat` binary the way a user does, in a 400x800 X server (Xvfb, started here), and fails
# when the window's body below the header stays blank (the December review's blank first page).
# Usage: firstwindow.sh FELTNOTAT fresh|demo|locked [FELTNOTAT-CLI]
#   fresh: an empty data folder (the lock page asks to choose a PIN); demo: --demo data unlocked with
#   --pin-file, signed in ("I dag"); locked: a folder encrypted by feltnotat-cli, opened without the
#   PIN (the lock page asks for it). FIRSTWINDOW_SHOT=FILE keeps the last picture.
set -euo pipefail
app="$1"
mode="$2"
cli="${3:-$(dirname "$app")/feltnotat-cli}"
work="$(mktemp -d)"
pid=""
xpid=""
cleanup() {
  [ -n "$pid" ] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
  [ -n "$xpid" ] && { kill "$xpid" 2>/dev/null || true; wait "$xpid" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT
args=(--data "$work/data")
# A synthetic test PIN in an owner-only file, as scripts/demo does.
(umask 077; echo 740263 >"$work/pin")
case "$mode" in
  demo) args+=(--demo --pin-file "$work/pin") ;;
  locked) "$cli" --data "$work/data" --pin-file "$work/pin" status >/dev/null ;;
esac

# Our own X server: Xvfb picks a free display itself and writes its number once it accepts
# connections (-displayfd), so parallel runs and leftover lock files cannot make us talk to a
# display that is not there (xvfb-run -a guesses the number, which raced on CI). About one start in
# ten here still had the app refused by the display Xvfb had just named ("could not connect to
# display"): the server and the app are then started again, at most three times; any other early
# exit of the app fails the test.
start_x_and_app() {
  : >"$work/display"
  Xvfb -displayfd 3 -screen 0 400x800x24 -nolisten tcp 3>"$work/display" 2>"$work/xvfb.log" &
  xpid=$!
  for _ in $(seq 1 100); do
    [ -s "$work/display" ] && break
    if ! kill -0 "$xpid" 2>/dev/null; then
      cat "$work/xvfb.log" >&2
      echo "firstwindow: Xvfb did not start" >&2
      exit 1
    fi
    sleep 0.1
  done
  [ -s "$work/display" ] || { echo "firstwindow: Xvfb gave no display" >&2; exit 1; }
  export DISPLAY=":$(head -n1 "$work/display")"
  export QT_QPA_PLATFORM=xcb
  "$app" "${args[@]}" -geometry 400x800+0+0 >"$work/app.log" 2>&1 &
  pid=$!
}
stop_x_and_app() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  kill "$xpid" 2>/dev/null || true
  wait "$xpid" 2>/dev/null || true
  pid=""
  xpid=""
}
for attempt in 1 2 3; do
  start_x_and_app
  sleep 1
  if ! kill -0 "$pid" 2>/dev/null && grep -q "could not connect to display" "$work/app.log" && [ "$attempt" -lt 3 ]; then
    echo "firstwindow: the display $DISPLAY refused the app; starting both again" >&2
    stop_x_and_app
    continue
  fi
  break
done

# The header is 56 px and the sync bar under it at most ~60 px: look below 140 px.
for _ in $(seq 1 100); do
  if ! kill -0 "$pid" 2>/dev/null; then
    cat "$work/app.log" >&2
    echo "firstwindow: feltnotat exited before showing a page" >&2
    exit 1
  fi
  if import -window root "$work/shot.png" 2>/dev/null; then
    colours="$(convert "$work/shot.png" -crop 400x660+0+140 +repage -format %k info:)"
    header="$(convert "$work/shot.png" -crop 400x40+0+0 +repage -format %k info:)"
    # A drawn window: the header has its colour and text, and the body has text on it.
    if [ "$header" -gt 2 ] && [ "$colours" -gt 8 ]; then
      echo "firstwindow ($mode): body has $colours colours below the header"
      [ -n "${FIRSTWINDOW_SHOT:-}" ] && cp "$work/shot.png" "$FIRSTWINDOW_SHOT"
      exit 0
    fi
  fi
  sleep 0.2
done
cp "$work/shot.png" "${TMPDIR:-/tmp}/firstwindow-$mode-blank.png" 2>/dev/null || true
cat "$work/app.log" >&2
echo "firstwindow ($mode): the window's body stayed blank (${colours:-?} colours); picture in ${TMPDIR:-/tmp}/firstwindow-$mode-blank.png" >&2
exit 1
