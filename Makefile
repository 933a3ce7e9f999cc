# AR Dojo: `make play` and `make test` set everything up on first use (Python 3.11+ and make only).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: play test setup bench clean ralph-venv yamlls

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "AR Dojo needs Python 3.11 or newer; found " + sys.version.split()[0])'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

setup: $(STAMP)

play: $(STAMP)
	@$(BIN)/ardojo play

# The xAPI tests run a real LRS (Ralph) from its own venv, .venv-ralph, built here on first use from the
# pinned tests/xapi/ralph-requirements.txt (needs PyPI once). ARDOJO_SKIP_LRS=1 skips it and those tests.
ralph-venv: $(STAMP)
	@$(BIN)/python tests/xapi/ralph_env.py --python $(PYTHON)

# The editor-schema tests run the real yaml-language-server (npm package, pinned in tests/content/yamlls_env.py),
# installed here once into .yamlls/ (needs node, npm and the registry once); without them those tests skip, saying why.
yamlls: $(STAMP)
	@$(BIN)/python tests/content/yamlls_env.py

# Two parts: everything but the `timing` tests on TEST_WORKERS pytest-xdist workers (one per core by
# default), then the tests that measure elapsed or CPU time on their own (see tests/conftest.py).
# Plain `.venv/bin/python -m pytest` still runs the whole suite in one process.
TEST_WORKERS ?= auto
test: $(STAMP) ralph-venv yamlls
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup -m "not timing"
	$(BIN)/python -m pytest -p no:xdist -m timing

# Every benchmark, then docs/performance.md from that run (~7 min on the 2-core dev VM when quiet). BENCH_QUICK=1:
# small sizes, one run each, the page written to bench/out/quick/ instead (what the smoke test in tests/bench/ runs).
bench: $(STAMP)
	@command -v Xvfb >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xvfb >/dev/null; } || echo "warning: no Xvfb: the X server frame figures are not measured" >&2
	$(BIN)/python bench/run_all.py $(if $(filter-out 0,$(BENCH_QUICK)),--quick)

clean:
	rm -rf $(VENV) .venv-ralph .yamlls test-artifacts bench/out *.egg-info
