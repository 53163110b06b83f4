# Every target does its own set-up: a fresh clone needs only Node.js, PostgreSQL and Redis.
SHELL := /bin/bash
PNPM ?= $(shell command -v pnpm >/dev/null 2>&1 && echo pnpm || echo npx -y pnpm@10)

.PHONY: install build typecheck lint format format-check test bench bench-kannel bench-http bench-webhooks kannel demo services clean

node_modules/.modules.yaml: package.json pnpm-lock.yaml $(wildcard */*/package.json) e2e/package.json
	$(PNPM) install --frozen-lockfile
	@touch $@

install: node_modules/.modules.yaml

build: install
	$(PNPM) exec turbo run build

typecheck: install
	$(PNPM) exec turbo run typecheck

lint: install
	$(PNPM) exec eslint .

format: install
	$(PNPM) exec prettier --write --log-level warn .

format-check: install
	$(PNPM) exec prettier --check --log-level warn .

services:
	@bash scripts/services.sh

# Tests talk to PostgreSQL, Redis and child processes: turbo must never replay a cached result.
test: install services
	$(PNPM) exec prettier --check --log-level warn .
	$(PNPM) exec turbo run typecheck
	$(PNPM) exec eslint .
	$(PNPM) exec turbo run test --concurrency=1 --continue

# The side-by-side phase of make bench runs Debian's Kannel (BENCH_KANNEL=0 skips it and this).
kannel:
	@if [ "$${BENCH_KANNEL:-1}" != 0 ] && ! [ -x /usr/sbin/bearerbox ]; then \
	  echo "installing Debian's kannel for the side-by-side bench"; \
	  sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$sudo apt-get install -y kannel || { $$sudo apt-get update && $$sudo apt-get install -y kannel; }; \
	fi

bench: build services kannel
	$(PNPM) --filter @smshub/bench start

# Only the side-by-side phase: Kannel and smshub on the same simulator and load.
bench-kannel: build services kannel
	$(PNPM) --filter @smshub/bench kannel

# Only the HTTP-layer phase: Next.js route handlers against the lean API server (decision 0171).
bench-http: build services
	$(PNPM) --filter @smshub/bench http

# Only the webhooks phase: one worker delivering queued events, single against batch mode.
bench-webhooks: build services
	$(PNPM) --filter @smshub/bench webhooks

demo: build services
	$(PNPM) --filter @smshub/stack demo

clean:
	rm -rf node_modules */*/node_modules */*/dist apps/*/.next .turbo */*/.turbo e2e/node_modules e2e/test-results
