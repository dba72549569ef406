# Ballast — see README.md for what each target does.
MVN ?= mvn -B -ntp
SHELL := /bin/bash

.PHONY: build test unit-test run audit bench crds api-table schemas controlplane cluster-up cluster-down clean image install-plugin

# The packaged application, rebuilt only when a source, resource or the pom is newer: `make run` right after
# `make build` starts at once.
APP := target/quarkus-app/quarkus-run.jar
APP_SOURCES := pom.xml $(shell find src/main examples/policies -type f 2>/dev/null)

build: ## compile and package the application into target/quarkus-app, plus the CLI's class-data archive
	$(MVN) package -DskipTests
	hack/cli-archive.sh

# touched before the archive is recorded: bin/ballast uses the archive only while it is newer than this jar
$(APP): $(APP_SOURCES)
	$(MVN) package -DskipTests
	@touch $@
	hack/cli-archive.sh

test: controlplane ## unit, component and end-to-end tests (builds the control plane first; cached)
	$(MVN) verify

unit-test: ## unit and component tests only, no control plane
	$(MVN) test

image: $(APP) ## OCI image archive target/ballast-image.tar, no Docker needed (Debian base via mmdebstrap, cached)
	hack/image/build.sh

# `kubectl ballast ...`: kubectl runs any executable named kubectl-ballast on PATH with the arguments after `ballast`.
PLUGIN_DIR ?= $(HOME)/.local/bin
install-plugin: $(APP) ## link bin/ballast as the kubectl plugin $(PLUGIN_DIR)/kubectl-ballast (PLUGIN_DIR must be on PATH)
	@mkdir -p "$(PLUGIN_DIR)"
	ln -sfn "$(CURDIR)/bin/ballast" "$(PLUGIN_DIR)/kubectl-ballast"
	@case ":$$PATH:" in *":$(PLUGIN_DIR):"*) ;; *) echo "install-plugin: add $(PLUGIN_DIR) to PATH for kubectl to find kubectl-ballast";; esac

run: $(APP) ## run the operator against the current kubeconfig, or against the local control plane with the examples
	hack/run.sh

audit: $(APP) ## audit examples/ with the baseline policy, offline
	bin/ballast audit -f examples/ --fail-on none

bench: build ## engine JMH, 10,000-manifest audit, operator at 10,000 Deployments, webhook load; writes target/bench/*
	hack/bench.sh

crds: ## regenerate the CRD from dev.ballast.api and refresh crds/
	$(MVN) verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=CrdDriftIT -Dballast.crd.update=true

api-table: ## regenerate the api-deprecated table from k8s.io/api's lifecycle files (version pinned by the control plane)
	GOTOOLCHAIN=local go run hack/apis/generate.go

schemas: ## regenerate the shipped Kubernetes schema (audit --strict) from the k8s.io/kubernetes the control plane pins
	$(MVN) verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=SchemaDriftIT -Dballast.schemas.update=true

controlplane: ## build etcd, kube-apiserver and kubectl from upstream source (cached by pinned versions)
	hack/controlplane/build.sh

cluster-up: controlplane ## start etcd + kube-apiserver on loopback; kubeconfig at .controlplane/kubeconfig
	hack/controlplane/cluster.sh up

cluster-down: ## stop the local control plane and remove its state
	hack/controlplane/cluster.sh down

clean:
	$(MVN) clean
