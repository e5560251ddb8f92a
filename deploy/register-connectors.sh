#!/bin/sh
# Registers every connector file in $CONNECTORS_DIR with the Connect worker at $CONNECT_URL, as
# PUT /connectors/NAME/config: it creates a missing connector and applies an edited file to an
# existing one, so a second `docker compose up` (or a re-run after an edit) succeeds.
# Each file is in Connect's POST format ({"name": ..., "config": {...}}); the name is its second
# line and the config object everything between its third line and its last (ConnectorFilesTest
# keeps every file in that shape and runs this script against a recording server).
# Bounded retries: Connect answers 409 while its group rebalances, and may not be up yet.
set -eu
CONNECT_URL=${CONNECT_URL:-http://connect:8083}
CONNECTORS_DIR=${CONNECTORS_DIR:-/connectors}
RETRIES=${RETRIES:-20}
DELAY=${DELAY:-3}

curl -fsS -o /dev/null --retry "$RETRIES" --retry-delay "$DELAY" --retry-all-errors "$CONNECT_URL/connectors"
for file in "$CONNECTORS_DIR"/*.json; do
  name=$(sed -n '2s/^ *"name": *"\([^"]*\)",$/\1/p' "$file")
  if [ -z "$name" ]; then
    echo "$file: the second line is not \"name\": \"...\"," >&2
    exit 1
  fi
  sed '1,2d;$d' "$file" | sed '1s/^ *"config": *//' > "/tmp/$name.config.json"
  curl -fsS -o /dev/null -X PUT -H 'Content-Type: application/json' --data "@/tmp/$name.config.json" \
    --retry "$RETRIES" --retry-delay "$DELAY" --retry-all-errors "$CONNECT_URL/connectors/$name/config"
  echo "registered $name"
done
