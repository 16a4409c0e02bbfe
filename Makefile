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

.PHONY: help venv build run test clean

help:
	@echo "make run    the State API on http://localhost:$${STATE_API_PORT:-8080}, on a local emulator"
	@echo "make test   every test: unit, emulator integration, end to end"
	@echo "make build  compile and package without tests"
	@echo "make clean  remove build output and the virtualenv"
	@echo "make api-docs  re-render docs/api-reference.html from the OpenAPI document"

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

clean:
	$(MVN) $(MVN_FLAGS) -q clean
	rm -rf $(VENV)

# Static HTML rendering of the OpenAPI document (Redocly CLI from npm, pinned).
REDOCLY_VERSION := 2.77.0
.PHONY: api-docs
api-docs:
	npx -y @redocly/cli@$(REDOCLY_VERSION) build-docs contracts/openapi/state-api.yaml -o docs/api-reference.html
