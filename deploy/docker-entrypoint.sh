#!/bin/sh
# The image's entrypoint: `takt <command>` (serve by default), after checking the data directory, so a volume
# mounted with the wrong owner fails at once with a message instead of deep inside SQLite.
# TAKT_HOME: where the app lives (/app in the image).
set -eu
home="${TAKT_HOME:-/app}"
data="${TAKT_DATA_DIR:-/data}"

if [ "$#" -eq 0 ]; then
  set -- serve
fi

case "$1" in
  serve | backup | restore | migrate | migrate-db | demo | workspace | user | token | import | export)
    if [ ! -d "$data" ]; then
      echo "takt: the data directory $data does not exist: mount a volume there (docker run -v takt-data:$data)" >&2
      exit 1
    fi
    if [ ! -w "$data" ]; then
      echo "takt: the data directory $data is not writable by uid $(id -u): chown -R $(id -u):$(id -g) the volume" >&2
      exit 1
    fi
    exec node "$home/packages/server/bin/takt.mjs" "$@"
    ;;
  version | --version | -v | help | --help | -h)
    exec node "$home/packages/server/bin/takt.mjs" "$@"
    ;;
  *)
    # Anything else (sh, node …) runs as given, for debugging the container.
    exec "$@"
    ;;
esac
