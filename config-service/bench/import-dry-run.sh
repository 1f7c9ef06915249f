#!/usr/bin/env bash
# Times the dry run of an /etc/bnfos.conf import of N sections (default 40,000) against a running config-service.
#   bench/import-dry-run.sh [sections] [base-url]
# The service needs demo users (deploy/local/run, or -Dfosfleet.config.auth.demo-users=true with a key pair); the
# sections are new devices, so the dry run plans one CREATE each. Prints the server's answer time of each of 5 runs.
set -euo pipefail
n=${1:-40000}
url=${2:-http://localhost:8080}
file=$(mktemp)
trap 'rm -f "$file"' EXIT
for ((i = 0; i < n; i++)); do
  printf '[bench-%d]\nmac = 02:00:00:%02X:%02X:%02X\nhost = 10.%d.%d.%d\n' "$i" $((i >> 16 & 255)) $((i >> 8 & 255)) \
    $((i & 255)) $((100 + (i >> 16 & 255))) $((i >> 8 & 255)) $((i & 255))
done > "$file"
token=$(curl -sf "$url/api/auth/token" -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"admin"}' | sed -E 's/.*"accessToken":"([^"]+)".*/\1/')
echo "$n sections, $(wc -c < "$file") bytes"
for run in 1 2 3 4 5; do
  curl -sf -o /dev/null -w "run $run: HTTP %{http_code} in %{time_total} s\n" -H "Authorization: Bearer $token" \
    -H 'Content-Type: text/plain' --data-binary @"$file" "$url/api/import/etc-bnfos-conf"
done
