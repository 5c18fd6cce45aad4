# Sourced by the benchmarks that need the 12-month workspace of N generated contacts:
# bench_workspace CX N DATA WS generates DATA (once) and ingests its contacts and surveys into
# the workspace WS (once), timing each ingest.
bench_workspace() {
  local cx=$1 n=$2 data=$3 ws=$4 kind
  [[ -d $data ]] || "$cx" generate --contacts "$n" --seed 1 --months 12 --out "$data" >/dev/null
  [[ -f $ws/cxpact.db ]] && return 0
  "$cx" init "$ws" >/dev/null
  for kind in contacts surveys; do
    /usr/bin/time -f "ingest $kind: %e s, %M KB" \
      "$cx" -w "$ws" ingest --max-bad-share 1 "$kind" "$data/$kind.csv" >/dev/null
  done
}
