#!/bin/sh
# As the official image: options or a config file as the first argument go to redis-server.
set -e
case "${1:-}" in
  -*|*.conf) set -- redis-server "$@" ;;
esac
exec "$@"
