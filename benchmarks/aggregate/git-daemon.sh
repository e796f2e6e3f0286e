# Sourced by big.sh and warm-jvm.sh: serves a bare clone of a fixture repository from a local
# git daemon, as a remote server would (the fetch goes through git's upload-pack, not in-process).
#   serve_fixture <fixture repo> <server dir> <daemon log>   sets URL (git://127.0.0.1:<port>/odoo.git)
#   and DAEMON_PID (the caller kills it on exit).
serve_fixture() {
  git clone --quiet --bare --shared "$1" "$2/odoo.git"
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "$(git --exec-path)/git-daemon" --reuseaddr --export-all --base-path="$2" \
    --listen=127.0.0.1 --port="$port" "$2" 2>"$3" &
  DAEMON_PID=$!
  URL="git://127.0.0.1:$port/odoo.git"
  for _ in $(seq 100); do git ls-remote "$URL" >/dev/null 2>&1 && break; sleep 0.1; done
}
