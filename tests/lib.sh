# lib.sh: helpers shared by the shell tests' libraries, the tests and the benches
# (sourced; defines functions only, so it may be sourced more than once).
# need TOOL...: skips the test (exit 77) unless every TOOL is on PATH.
# free_port: a TCP port on 127.0.0.1 that is free right now.
# wait_socket PATH PID SECONDS [LOG...]: waits until PATH is a socket; fails (exit 1,
# after printing the LOGs) when process PID exits first or SECONDS pass.

need() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || { echo "SKIP: $tool not installed"; exit 77; }
  done
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_socket() {
  local path=$1 pid=$2 seconds=$3
  shift 3
  for _ in $(seq 1 $((seconds * 20))); do
    [ -S "$path" ] && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      cat "$@"
      echo "FAIL: the process for $path exited before making it"
      exit 1
    fi
    sleep 0.05
  done
  cat "$@"
  echo "FAIL: no socket $path after $seconds s"
  exit 1
}
