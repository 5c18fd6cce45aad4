#!/usr/bin/env bash
# Peer of `cxpact score` on SQLite: computes the golden metric set (shared/spec/golden-rules.md)
# with the sqlite3 shell (3.40) and sqlite_score.sql; prints it as CSV on stdout.
#
# Usage: bench/score/sqlite_score.sh INPUT_DIR [QUARANTINE_OUT] > out.csv
#   INPUT_DIR holds contacts.csv and surveys.csv (canonical layout); QUARANTINE_OUT, if given,
#   receives the rejected rows (file,record,reason) like expected_quarantine.csv.
# The working database is a temporary file (in $TMPDIR), removed at the end.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
in=${1:?usage: sqlite_score.sh INPUT_DIR [QUARANTINE_OUT]}
qout=${2:-}
for f in contacts surveys; do
  [ -r "$in/$f.csv" ] || { echo "sqlite_score: cannot read $in/$f.csv" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/sqlite_score.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Rule 10: columns are matched by header name and a missing column is all empty. Read each
# header with the same CSV parser (.import of the first line), then add what is missing.
add_missing() {  # table file column...
  local table=$1 file=$2; shift 2
  head -n 1 "$file" >"$work/header.csv"
  local have
  have=$(sqlite3 :memory: ".import --csv $work/header.csv h" \
    "SELECT group_concat(name, ' ') FROM pragma_table_info('h')")
  for col in "$@"; do
    case " $have " in
      *" $col "*) ;;
      *) echo "ALTER TABLE $table ADD COLUMN \"$col\" TEXT;" ;;
    esac
  done
}

{
  echo ".output /dev/null"
  echo "PRAGMA journal_mode = OFF;"
  echo "PRAGMA synchronous = OFF;"
  echo "PRAGMA cache_size = -262144;"   # 256 MiB page cache
  echo "PRAGMA temp_store = FILE;"
  echo ".output stdout"
  echo ".import --csv '$in/contacts.csv' contacts_raw"
  echo ".import --csv '$in/surveys.csv' surveys_raw"
  add_missing contacts_raw "$in/contacts.csv" contact_id partner channel customer_id reason arrived_at \
    customer_sent_at answered_at ended_at handle_seconds abandoned transferred \
    demographics_collected consent_recorded
  add_missing surveys_raw "$in/surveys.csv" survey_id contact_id partner customer_id responded_at nps csat ces
  cat "$here/sqlite_score.sql"
  if [ -n "$qout" ]; then
    echo ".output '$qout'"
    echo "SELECT file, record, reason FROM quarantine ORDER BY file, record;"
  fi
} >"$work/script.sql"

sqlite3 -bail "$work/score.db" <"$work/script.sql"
