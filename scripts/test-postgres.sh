# Starts a private PostgreSQL cluster for the tests in target/ (any user, no system service
# needed) and exports LOCKERISM_TEST_POSTGRES_URL/_USER/_PASSWORD for them.

start_test_postgres() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  local dir="$PWD/target/test-postgres"
  local port="${LOCKERISM_TEST_POSTGRES_PORT:-55432}"
  local run_as=()
  if [ "$(id -u)" -eq 0 ]; then run_as=(runuser -u postgres --); fi

  rm -rf "$dir"
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
  "${run_as[@]}" "$bin/initdb" -D "$dir/data" -U lockerism --auth=trust -E UTF8 >/dev/null
  "${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1" start >/dev/null
  "${run_as[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U lockerism lockerism_test
  TEST_POSTGRES_DATA="$dir/data"
  TEST_POSTGRES_BIN="$bin"
  export LOCKERISM_TEST_POSTGRES_URL="jdbc:postgresql://127.0.0.1:$port/lockerism_test"
  export LOCKERISM_TEST_POSTGRES_USER=lockerism
  export LOCKERISM_TEST_POSTGRES_PASSWORD=""
  echo "Test PostgreSQL running at $LOCKERISM_TEST_POSTGRES_URL"
}

stop_test_postgres() {
  local run_as=()
  if [ "$(id -u)" -eq 0 ]; then run_as=(runuser -u postgres --); fi
  if [ -n "${TEST_POSTGRES_DATA:-}" ]; then
    "${run_as[@]}" "$TEST_POSTGRES_BIN/pg_ctl" -D "$TEST_POSTGRES_DATA" -m fast stop >/dev/null || true
  fi
}
