#!/usr/bin/env bash
# Starts the built server for the browser tests on a fresh temporary database (demo seeded),
# and removes the database when the server stops.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:-3199}"
dir=$(mktemp -d -t orgboard-e2e.XXXXXX)
trap 'rm -rf "$dir"' EXIT INT TERM
export DATABASE_URL="sqlite://$dir/orgboard.db"
export LEPTOS_SITE_ADDR="127.0.0.1:$port"
export LEPTOS_SITE_ROOT=target/site
export LEPTOS_OUTPUT_NAME=orgboard
export ORGBOARD_SIGN_IN_PER_IP_PER_MINUTE="${ORGBOARD_SIGN_IN_PER_IP_PER_MINUTE:-1000}"
export RUST_LOG="${RUST_LOG:-warn}"
target/debug/orgboard serve --demo
