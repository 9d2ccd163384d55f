# The two commands a new user needs: `make demo` and `make test`. Everything else hangs off `install`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: install
	@mkdir -p reports
	$(BIN)/duislint check schemas/demo --spec schemas/demo/service-request-matrix.json --fail-on never --format json -o reports/demo.json --format text -o reports/demo.txt
	@echo "wrote reports/demo.json and reports/demo.txt"
	@$(BIN)/duislint check schemas/demo --spec schemas/demo/service-request-matrix.json --fail-on never --no-color | tail -n 1

test: install
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python benchmarks/bench_check.py

clean:
	rm -rf $(VENV) reports/*.json reports/*.txt
