#!/usr/bin/env bash
# The disk-full scenario of exactly_once.sh (which says what it checks), as a test of its own.
exec bash "$(dirname "${BASH_SOURCE[0]}")/exactly_once.sh" disk-full
