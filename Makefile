# State API: `make run` serves the whole API locally; `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help

JAVA_HOME := $(shell localstack/bin/find-jdk)
export JAVA_HOME
export PATH := $(JAVA_HOME)/bin:$(PATH)

MVN ?= mvn
MVN_FLAGS ?= -B -ntp
VENV := .venv
VENV_STAMP := $(VENV)/.installed

.PHONY: help venv build run test clean bench

help:
	@echo "make run    the State API on http://localhost:$${STATE_API_PORT:-8080}, on a local emulator"
	@echo "make test   every test: unit, emulator integration, end to end"
	@echo "make build  compile and package without tests"
	@echo "make bench  change-event figures on the local stack (docs/performance.md)"
	@echo "make clean  remove build output and the virtualenv"

# The emulator (moto) lives in a project-local virtualenv, installed at pinned versions.
venv: $(VENV_STAMP)
$(VENV_STAMP): localstack/requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r localstack/requirements.txt
	touch $(VENV_STAMP)

build:
	$(MVN) $(MVN_FLAGS) -q install -DskipTests

run: venv build
	$(MVN) $(MVN_FLAGS) -q -pl localstack dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
	exec java -Dstateapi.root=$(CURDIR) -cp "localstack/target/classes:$$(cat localstack/target/classpath.txt)" io.stateapi.local.LocalStack

test: venv
	$(MVN) $(MVN_FLAGS) verify

# Figures, not tests: compiled in the reactor (no install), run from the build output.
bench: venv
	$(MVN) $(MVN_FLAGS) -q -pl localstack -am compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
	java -Dstateapi.root=$(CURDIR) -cp "localstack/target/classes:$$(cat localstack/target/classpath.txt)" io.stateapi.local.bench.ChangeEventsBenchmark

clean:
	$(MVN) $(MVN_FLAGS) -q clean
	rm -rf $(VENV)
