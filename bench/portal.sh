#!/usr/bin/env bash
# The member portal (/m/) on a mobile link, beside a baseline in the same run: the web build of
# this tree (web/dist) and that of NJ_BENCH_BASE_REF (default afad5f1: main just before the portal
# work of issue 16, the baseline that issue names; any commit or branch may be given), each served by this tree's binary with --static-dir on one small demo
# database. bench/portal.mjs drives Debian's Chromium with the network emulated (1.6 Mbps down,
# 750 kbps up, 150 ms RTT) and prints the medians of NJ_BENCH_RUNS (3) runs: the sign-in form
# visible (target < 2 s), the card after sign-in (< 2.5 s), both again on a repeat visit with the
# cache warm (< 0.5 s), the bytes of each, and now / baseline.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
bin=$PWD/build/niangjia
work=${NJ_BENCH_DIR:-/tmp/niangjia-bench}
ref=${NJ_BENCH_BASE_REF:-afad5f1}
mkdir -p "$work"
bench_header "the portal on a mobile link: this tree beside $ref"
bash scripts/build-web.sh

# The baseline's web build, made once per commit in a detached worktree under /tmp and kept.
sha=$(git rev-parse --verify "$ref^{commit}")
echo "baseline: $ref = $(git log -1 --format='%h %s' "$sha" | cut -c1-90)"
[ "$sha" != "$(git rev-parse HEAD)" ] || echo "(the baseline is this commit: NJ_BENCH_BASE_REF picks another)"
base_dist=$work/portal-web-${sha:0:12}
if [ ! -f "$base_dist/index.html" ]; then
  tree=$(mktemp -d /tmp/niangjia-portal-base.XXXXXX)
  git worktree add --detach "$tree" "$sha" >/dev/null
  ln -s "$(readlink -f web/node_modules)" "$tree/web/node_modules"
  (cd "$tree/web" && npx vite build --logLevel warn --outDir "$base_dist" --emptyOutDir)
  git worktree remove --force "$tree"
fi
# A build from before the portal had its own entry served /m/… from index.html; this tree's server
# answers /m/… with portal.html, so such a build gets a copy under that name (else /m/ is a 404).
if [ ! -f "$base_dist/portal.html" ]; then
  for f in "$base_dist"/index.html*; do cp "$f" "$base_dist/portal.html${f#"$base_dist"/index.html}"; done
fi

db=$work/portal.db
key=$work/portal.key
rm -f "$db" "$db-wal" "$db-shm"
portal=$("$bin" --db "sqlite:$db" --key-file "$key" --log-level warn demo --members 2000 \
  --password bench-password-1 | grep 'member portal')
phone=$(echo "$portal" | sed -E 's/.*phone ([^ ]+) .*/\1/')
password=$(echo "$portal" | sed -E 's/.*password ([^ ]+) .*/\1/')

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
servers=()
trap 'kill "${servers[@]}" 2>/dev/null || true' EXIT
serve() { # serve DIR: starts a server of DIR (not in a subshell: the trap must see its pid)
  local port
  port=$(free_port)
  "$bin" --db "sqlite:$db" --key-file "$key" --log-level warn serve --port "$port" --static-dir "$1" &
  servers+=($!)
  for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  url=http://127.0.0.1:$port
}
serve "$PWD/web/dist"
now=$url
serve "$base_dist"
base=$url
NJ_TARGETS="now=$now,base=$base" NJ_BASE_LABEL="the $ref build" NJ_PORTAL_PHONE=$phone NJ_PORTAL_PASSWORD=$password \
  NJ_RUNS=${NJ_BENCH_RUNS:-3} node bench/portal.mjs
