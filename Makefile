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
VENV_TEST_STAMP := $(VENV)/.installed-test

.PHONY: help venv venv-test build run test clean bench token registry replay backfill console chromium

help:
	@echo "make help   this list (the default goal)"
	@echo "make run    the State API on http://localhost:$${STATE_API_PORT:-8080}, on a local emulator"
	@echo "make token TENANT=acme [SCOPES=\"state:read state:write\"] [NAMESPACES=\"orders cart-*\"] [LIFETIME=1h]"
	@echo "           a JWT the running stack accepts, alone on stdout (in another terminal while make run runs)"
	@echo "make test   every test: unit, emulator integration, end to end"
	@echo "make build  compile and package without tests"
	@echo "make console  only the console's bundle (npm ci and esbuild into console/dist; make run serves it)"
	@echo "make chromium  headless Chromium and chromedriver for the console's browser tests, where missing (make test does it)"
	@echo "make bench  API, change-event, subscription- and watch-lag figures on the local stack, JMH, charts"
	@echo "           (results in docs/performance/results/*.json, charts in docs/performance/; docs/performance.md)"
	@echo "make bench-classes  only compile what make bench runs"
	@echo "make jmh    only the JMH benchmarks of the hot paths"
	@echo "make bench-charts   redraw the charts from docs/performance/results/*.json (no benchmark runs)"
	@echo "make clean  remove build output and the virtualenv"
	@echo "make venv   only the emulator into .venv (make run's first step); make venv-test adds the tests' tools"
	@echo "make api-docs  re-render docs/api-reference.html from the OpenAPI document"
	@echo "make infra-app                     the functions' Lambda jar and the CDK app, no tests (synth and deploy do it)"
	@echo "make synth ENV=dev|staging|prod    synthesize the CDK app (no AWS credentials needed)"
	@echo "make deploy ENV=dev|staging|prod   deploy it with cdk deploy (see docs/deploy.md)"
	@echo "make destroy ENV=dev               delete a deployment (prod's is termination-protected)"
	@echo "make registry ENV=dev ARGS=\"register --principal <arn> --tenant acme --scopes state:read,state:write\""
	@echo "           the tenant registry of a deployment (register, remove, show, list; ARGS=--help; docs/deploy.md)"
	@echo "make backfill ARGS=\"--namespace orders --version 2 --start [--dry-run]\"  start or follow a schema backfill"
	@echo "make backfill ENV=prod ARGS=\"--item-format 2 --all-namespaces [--start --not-before <instant>] [--follow]\"  the operator's format backfill (ADR 0062)"
	@echo "           with a progress bar (STATE_API_URL, STATE_API_TOKEN; ARGS=--help; docs/migrations.md)"
	@echo "make replay ENV=dev [ARGS=--apply]  re-drive the stream and change-event dead-letter queues (dry run"
	@echo "           unless --apply; ARGS=--help; docs/events.md#replay-make-replay)"
	@echo "(an alarm fired? docs/runbook.md)"

# The emulator (moto) lives in a project-local virtualenv, installed at pinned versions: `venv`
# the emulator alone (all `make run` needs), `venv-test` the emulator and the tests' tools.
# localstack/bin/phase runs a step with its output in target/make-run/, alive every 10 s.
PHASE := localstack/bin/phase
venv: $(VENV_STAMP)
$(VENV_STAMP): localstack/requirements.txt
	@$(PHASE) "Installing the emulator (moto, pinned in localstack/requirements.txt) into $(VENV)" \
		bash -c 'python3 -m venv $(VENV) && $(VENV)/bin/pip install --upgrade pip && $(VENV)/bin/pip install -r localstack/requirements.txt'
	@touch $(VENV_STAMP)

venv-test: $(VENV_TEST_STAMP)
$(VENV_TEST_STAMP): $(VENV_STAMP) localstack/requirements-test.txt
	@$(PHASE) "Installing the tests' tools (schemathesis, pinned in localstack/requirements-test.txt)" \
		$(VENV)/bin/pip install -r localstack/requirements-test.txt
	@touch $(VENV_TEST_STAMP)

# The console (docs/console.md): npm ci at the lock file's versions, then esbuild bundles it into
# console/dist, which make run serves at /console/ and the CDK app deploys (ADR 0054).
CONSOLE_DIST := console/dist/index.html
console: $(CONSOLE_DIST)
$(CONSOLE_DIST): console/package.json console/package-lock.json console/build.mjs $(shell find console/src -type f 2>/dev/null)
	@$(PHASE) "Building the console (npm ci and the esbuild bundle, console/)" \
		bash -c 'cd console && npm ci --no-audit --no-fund && npm run build'

# Headless Chromium and chromedriver for the console's browser tests, installed where missing.
chromium:
	@localstack/bin/ensure-chromium

build:
	$(MVN) $(MVN_FLAGS) -q install -DskipTests

# Builds only what it serves (the local stack and the modules under it), in the reactor.
run: venv console
	@$(PHASE) "Building the functions and the local stack (the first run downloads Maven's dependencies: minutes)" \
		$(MVN) -B -pl localstack -am compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
	@echo "==> Starting the emulator and the API; the endpoints and a token follow"
	exec java -Dstateapi.root=$(CURDIR) -cp "localstack/target/classes:$$(cat localstack/target/classpath.txt)" io.stateapi.local.LocalStack

# A token signed with the key `make run` keeps in .local/ (docs/api.md#authentication); it needs
# the classpath `make run` wrote, and nothing else, so it runs beside a running stack.
TOKEN_CLASSPATH := localstack/target/classpath.txt
SCOPES ?= state:read state:write
token:
	@test -f $(TOKEN_CLASSPATH) || { echo "make token: no $(TOKEN_CLASSPATH) yet; start the stack once with make run" >&2; exit 1; }
	@test -n "$(TENANT)" || { echo "make token: say which tenant, e.g. make token TENANT=acme SCOPES=\"state:read state:write\"" >&2; exit 1; }
	@java -Dstateapi.root=$(CURDIR) -cp "localstack/target/classes:$$(cat $(TOKEN_CLASSPATH))" io.stateapi.local.auth.TokenCommand \
		--tenant "$(TENANT)" --scopes "$(SCOPES)" $(if $(NAMESPACES),--namespaces "$(NAMESPACES)") $(if $(LIFETIME),--lifetime "$(LIFETIME)")

# make test (issue 14, ADR 0064): the tests' tools (venv-test, console, chromium: downloads, mostly
# waiting on the network) install in the background, the three at once, while Maven compiles and runs
# the tests that need none of them; the modules whose tests need them (localstack/tests, client-sdk, infra, contracts/fuzz)
# wait for them before their tests (localstack/bin/await-test-tools), and fail with the log's last
# lines if the installation failed. Its log: target/make-test/test-tools.log.
# Maven builds one module per core (-T 1C): the local stack's tests (localstack/tests), client-sdk's,
# infra's and the fuzzing (contracts/fuzz) need only the local stack's classes, so they run side by side (ADR 0070).
TEST_TOOLS := $(CURDIR)/target/make-test
test:
	@mkdir -p $(TEST_TOOLS) && rm -f $(TEST_TOOLS)/test-tools.status $(TEST_TOOLS)/test-tools.pid
	@echo "==> Installing the tests' tools in the background (make venv-test console chromium; $(TEST_TOOLS)/test-tools.log)"
	@( echo $$BASHPID > $(TEST_TOOLS)/test-tools.pid; \
	   $(MAKE) --no-print-directory -j3 venv-test console chromium > $(TEST_TOOLS)/test-tools.log 2>&1; \
	   echo $$? > $(TEST_TOOLS)/test-tools.status ) & \
	tools=$$!; \
	$(MVN) $(MVN_FLAGS) -T 1C verify -Dstateapi.test-tools=$(TEST_TOOLS); maven=$$?; \
	wait $$tools; \
	if [ "$$(cat $(TEST_TOOLS)/test-tools.status 2>/dev/null)" != 0 ]; then \
	  echo "!! make venv-test console chromium failed; the last lines of $(TEST_TOOLS)/test-tools.log:" >&2; \
	  tail -n 40 $(TEST_TOOLS)/test-tools.log >&2; exit 1; \
	fi; \
	exit $$maven

# The operators' CLI of the tenant registry (io.stateapi.cli, ADR 0018), with your AWS credentials
# on the catalog table of ENV. Against `make run`'s emulator: ENV=local and --endpoint in ARGS.
# Compiled in the reactor (no install), run from the build output.
REGISTRY_CLASSPATH := functions/target/cli-classpath.txt
registry:
	@$(MVN) $(MVN_FLAGS) -q -pl functions -am compile dependency:build-classpath -Dmdep.outputFile=target/cli-classpath.txt -Dmdep.includeScope=runtime
	@java -Dlogback.configurationFile=functions/src/main/resources/io/stateapi/cli/logback.xml \
		-cp "functions/target/classes:$$(cat $(REGISTRY_CLASSPATH))" io.stateapi.cli.RegistryCli $(ARGS) $(if $(filter --help -h,$(ARGS)),,--env $(ENV))

# The operators' replay of ENV's dead-letter queues (io.stateapi.cli.ReplayCli, docs/events.md): the stream's
# through the fan-out function (Lambda's Invoke API), the change events' back to their tenant's queue; a dry run
# unless ARGS=--apply. Against `make run`: ENV=local and --endpoint, --lambda-endpoint in ARGS (it prints them).
# Compiled in the reactor (no install), run from the build output, like registry.
replay:
	@$(MVN) $(MVN_FLAGS) -q -pl functions -am compile dependency:build-classpath -Dmdep.outputFile=target/cli-classpath.txt -Dmdep.includeScope=runtime
	@java -Dlogback.configurationFile=functions/src/main/resources/io/stateapi/cli/logback.xml \
		-cp "functions/target/classes:$$(cat $(REGISTRY_CLASSPATH))" io.stateapi.cli.ReplayCli $(ARGS) $(if $(filter --help -h,$(ARGS)),,--env $(ENV))

# A namespace's schema backfill over the HTTP API with a progress bar (io.stateapi.client.tools.BackfillCli,
# ADR 0058): ARGS="--namespace orders --version 2 [--start [--dry-run] [--segments 4] [--items-per-second 100]]
# [--cancel]"; the API and token from STATE_API_URL (default the local stack) and STATE_API_TOKEN (make token).
BACKFILL_CLASSPATH := client-sdk/target/cli-classpath.txt
# With --item-format N in ARGS it is instead the operators' format backfill (io.stateapi.cli.BackfillCli, ADR 0062,
# docs/migrations.md's rolling deploy, step 3): with your AWS credentials on ENV's tables, like registry; against
# `make run`: ENV=local and --endpoint in ARGS. ARGS="--item-format 2 (--all-namespaces | --namespace tenant/ns)
# [--start --not-before <instant|now> [--segments 4] [--items-per-second 100]] [--cancel] [--follow]".
backfill:
ifneq (,$(findstring --item-format,$(ARGS)))
	@$(MVN) $(MVN_FLAGS) -q -pl functions -am compile dependency:build-classpath -Dmdep.outputFile=target/cli-classpath.txt -Dmdep.includeScope=runtime
	@java -Dlogback.configurationFile=functions/src/main/resources/io/stateapi/cli/logback.xml \
		-cp "functions/target/classes:$$(cat $(REGISTRY_CLASSPATH))" io.stateapi.cli.BackfillCli $(ARGS) $(if $(filter --help -h,$(ARGS)),,--env $(ENV))
else
	@$(MVN) $(MVN_FLAGS) -q -pl client-sdk -am compile dependency:build-classpath -Dmdep.outputFile=target/cli-classpath.txt -Dmdep.includeScope=runtime
	@java -cp "client-sdk/target/classes:$$(cat $(BACKFILL_CLASSPATH))" io.stateapi.client.tools.BackfillCli $(ARGS)
endif

# Figures, not tests: compiled in the reactor (no install), run from the build output.
# make bench: every benchmark runs to its end even when one fails (each reports its failed phases);
# the target fails at the end if any did. Results: docs/performance/results/*.json; charts drawn
# from them: docs/performance/*.png (docs/performance.md). Add a benchmark to BENCHMARKS.
# PeerBenchmark: Dapr's DynamoDB state store beside this one (ADR 0043); needs Go on the PATH (else it
# says so and skips); builds the Go driver and daprd into localstack/target/peer (BENCH_DAPRD=off: no daprd).
BENCHMARKS := ApiBenchmark ColdStartBenchmark HandlerOverheadBenchmark ChangeEventsBenchmark \
	SubscriptionLagBenchmark TransactionBenchmark BatchGetBenchmark TextCheckBenchmark \
	CounterBenchmark PatchBenchmark ListingBenchmark ThroughputCurveBenchmark BackfillBenchmark FormatBackfillBenchmark
BENCH_CP = localstack/target/classes:$$(cat localstack/target/classpath.txt)
SDK_BENCH_CP = client-sdk/target/test-classes:client-sdk/target/classes:$$(cat client-sdk/target/test-classpath.txt)
BENCH_JAVA = java -Djava.awt.headless=true -Dstateapi.root=$(CURDIR)
# JMH: short but meaningful on 2 shared cores (1 fork, 3 x 2 s warm-up, 5 x 2 s measured).
JMH_FLAGS ?= -f 1 -wi 3 -w 2s -i 5 -r 2s
JMH_RUN = java -cp "$(BENCH_CP)" org.openjdk.jmh.Main $(JMH_FLAGS) -rf json -rff docs/performance/results/jmh.json io.stateapi.local.bench.jmh
CHARTS_RUN = $(BENCH_JAVA) -cp "$(BENCH_CP)" io.stateapi.local.bench.BenchCharts

.PHONY: bench-classes jmh bench-charts
bench-classes: venv
	$(MVN) $(MVN_FLAGS) -q -pl localstack -am compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
	# Cold start runs on the Lambda jar (ADR 0041)
	$(MVN) $(MVN_FLAGS) -q -pl functions -am package -DskipTests -Djacoco.skip=true
	# The watch's lag through the SDK: in the SDK's test sources (it builds on the local stack), so in no artifact.
	$(MVN) $(MVN_FLAGS) -q -pl client-sdk -am test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test

bench: bench-classes
	@failed=""; \
	for b in $(BENCHMARKS); do \
	  $(BENCH_JAVA) -cp "$(BENCH_CP)" io.stateapi.local.bench.$$b || failed="$$failed $$b"; \
	done; \
	$(BENCH_JAVA) -Dbench.daprd=$${BENCH_DAPRD:-on} -cp "$(BENCH_CP)" io.stateapi.local.bench.PeerBenchmark || failed="$$failed PeerBenchmark"; \
	$(BENCH_JAVA) -cp "$(SDK_BENCH_CP)" io.stateapi.client.bench.WatchLagBenchmark || failed="$$failed WatchLagBenchmark"; \
	$(BENCH_JAVA) -cp "$(SDK_BENCH_CP)" io.stateapi.client.bench.ContentionBenchmark || failed="$$failed ContentionBenchmark"; \
	$(JMH_RUN) || failed="$$failed jmh"; \
	$(CHARTS_RUN) || failed="$$failed charts"; \
	if [ -n "$$failed" ]; then echo "make bench: failed:$$failed (see above and docs/performance/results/)"; exit 1; fi

# JMH for the hot paths without DynamoDB (localstack's bench.jmh package); results beside the others.
jmh:
	$(MVN) $(MVN_FLAGS) -q -pl localstack -am compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
	$(JMH_RUN)

# Redraws docs/performance/*.png from docs/performance/results/*.json (no benchmark runs).
bench-charts:
	$(MVN) $(MVN_FLAGS) -q -pl localstack -am compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
	$(CHARTS_RUN)

clean:
	$(MVN) $(MVN_FLAGS) -q clean
	rm -rf $(VENV)

# Static HTML rendering of the OpenAPI document (Redocly CLI from npm, pinned).
REDOCLY_VERSION := 2.77.0
.PHONY: api-docs
api-docs:
	npx -y @redocly/cli@$(REDOCLY_VERSION) build-docs contracts/openapi/state-api.yaml -o docs/api-reference.html

# --- infrastructure: the CDK app in infra/ (docs/deploy.md) ---------------------------------
ENV ?= dev
CDK_FLAGS ?=
CDK := node_modules/.bin/cdk
CDK_STAMP := infra/node_modules/.installed
# The CLI's version notices and telemetry need the network; synth must work without it.
CDK_ENV := CDK_DISABLE_CLI_TELEMETRY=$${CDK_DISABLE_CLI_TELEMETRY:-true}

.PHONY: infra-app synth deploy destroy

# The aws-cdk CLI at the version pinned in infra/package-lock.json, into infra/node_modules.
$(CDK_STAMP): infra/package.json infra/package-lock.json
	cd infra && npm ci --no-audit --no-fund --ignore-scripts
	touch $(CDK_STAMP)

# The functions' deployment jar and the CDK app with its classpath (no tests: make test runs them).
infra-app: console
	$(MVN) $(MVN_FLAGS) -q -pl infra -am package -DskipTests

synth: $(CDK_STAMP) infra-app
	cd infra && $(CDK_ENV) $(CDK) synth -c env=$(ENV) --no-notices --quiet $(CDK_FLAGS)
	@echo "synthesized infra/cdk.out/state-api-$(ENV).template.json"

deploy: $(CDK_STAMP) infra-app
	cd infra && $(CDK_ENV) $(CDK) deploy -c env=$(ENV) --outputs-file cdk.out/outputs-$(ENV).json $(CDK_FLAGS)

destroy: $(CDK_STAMP) infra-app
	cd infra && $(CDK_ENV) $(CDK) destroy -c env=$(ENV) $(CDK_FLAGS)
