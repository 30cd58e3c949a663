#!/usr/bin/env bash
# Builds the reference solution with real Next.js 16 (npm), starts it on 127.0.0.1 next to
# `jwt-session-tutor serve` on the same folder, sends both the same requests
# (scripts/compare_requests.py) and reports every difference.
#
# Needs: Node >= 20.9 with npm (registry access for the first `npm install`), python3, curl, cargo.
# Not part of `cargo test`. Environment:
#   TUTOR_BIN  the jwt-session-tutor binary to test (default: builds target/release/jwt-session-tutor)
#   KEEP_WORK  set to keep the scratch folder (its path is printed)
# Exit status: 0 no difference, 1 differences, 2 setup failed.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
if [[ -z "${TUTOR_BIN:-}" ]]; then
  (cd "$repo" && cargo build --release --quiet)
  TUTOR_BIN="$repo/target/release/jwt-session-tutor"
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/jwt-session-compare.XXXXXX")"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true; done
  if [[ -z "${KEEP_WORK:-}" ]]; then rm -rf "$work"; else echo "scratch folder kept: $work"; fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { # url log
  for _ in $(seq 1 120); do
    if curl -s -o /dev/null "$1"; then return 0; fi
    sleep 0.5
  done
  echo "error: nothing answers on $1; its log:" >&2; cat "$2" >&2; exit 2
}

app="$work/app"
"$TUTOR_BIN" exercises solution "$app" > /dev/null
echo "Reference solution written to $app"
(cd "$app" && npm install --no-audit --no-fund --loglevel=error > "$work/npm-install.log" 2>&1) \
  || { echo "error: npm install failed:" >&2; cat "$work/npm-install.log" >&2; exit 2; }
echo "Installed: next $(cd "$app" && node -p 'require("next/package.json").version'), jsonwebtoken $(cd "$app" && node -p 'require("jsonwebtoken/package.json").version'), argon2 $(cd "$app" && node -p 'require("argon2/package.json").version'), Node $(node --version)"
(cd "$app" && npx next build > "$work/next-build.log" 2>&1) \
  || { echo "error: next build failed:" >&2; cat "$work/next-build.log" >&2; exit 2; }

next_port="$(free_port)"
setsid bash -c "cd '$app' && exec npx next start -H 127.0.0.1 -p $next_port" > "$work/next-start.log" 2>&1 &
pids+=("$!")
tutor_port="$(free_port)"
setsid "$TUTOR_BIN" serve "$app" --port "$tutor_port" > "$work/serve.log" 2>&1 &
pids+=("$!")
wait_for "http://127.0.0.1:$next_port/api/auth" "$work/next-start.log"
wait_for "http://127.0.0.1:$tutor_port/api/auth" "$work/serve.log"

python3 "$repo/scripts/compare_requests.py" "$app" \
  "next=http://127.0.0.1:$next_port" "tutor=http://127.0.0.1:$tutor_port"
