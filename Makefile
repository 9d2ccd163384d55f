# The two commands a new user needs: `make demo` and `make test`. Everything else hangs off `install`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install bytecode demo demo-docx test bench bench-scaling fuzz clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Bytecode for the checkout, as `pip install` writes for an installed copy: where PYTHONDONTWRITEBYTECODE is set
# (some CI machines), every duislint process would otherwise compile its modules again.
bytecode: install
	@$(BIN)/python -m compileall -q src >/dev/null

DEMO_SPEC_MD := schemas/demo/DUIS Demo Specification V9.1.md
DEMO_SPEC_DOCX := schemas/demo/DUIS Demo Specification V9.1.docx
# Appendix AD (the DUIS specification), the matrix, and the two other documents of the Code it leans on: the
# definitions of Section A and the clauses of Section H, for the cross-document findings
DEMO_SPECS := --spec "$(DEMO_SPEC_DOCX)" --spec schemas/demo/service-request-matrix.json \
	--spec "schemas/demo/Demo SEC Section A.md" --spec "schemas/demo/Demo SEC Section H.md"

demo: bytecode
	@mkdir -p reports
	$(BIN)/duislint check schemas/demo $(DEMO_SPECS) --fail-on never --format json -o reports/demo.json --format text -o reports/demo.txt \
		--format html -o reports/demo.html --format markdown -o reports/demo.md
	$(BIN)/duislint diff schemas/demo/9.0 schemas/demo --fail-on never --format html -o reports/demo-diff.html \
		--format markdown -o reports/demo-diff.md --format json -o reports/demo-diff.json
	$(BIN)/duislint check schemas/demo $(DEMO_SPECS) --fail-on never --format housekeeping -o reports/demo-housekeeping.md
	$(BIN)/duislint fix schemas/demo $(DEMO_SPECS) \
		--unsafe-fixes -o reports/demo-fixed.docx
	@echo "wrote reports/demo.{json,txt,md,html}, the 9.0 -> 9.1 uplift's reports/demo-diff.{json,md,html} (open the .html files in a browser), the housekeeping log reports/demo-housekeeping.md and reports/demo-fixed.docx (the fixes as tracked changes, to accept or reject in Word)"
	@$(BIN)/duislint check schemas/demo $(DEMO_SPECS) --fail-on never --no-color | tail -n 1
	@$(BIN)/duislint diff schemas/demo/9.0 schemas/demo --fail-on never | tail -n 1

# The demo's Word specification is generated from its Markdown source (tests/demo_docx.py); commit both.
demo-docx: install
	$(BIN)/python -m tests.demo_docx "$(DEMO_SPEC_MD)" "$(DEMO_SPEC_DOCX)"

# static checks first (seconds), then every test
test: bytecode
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

# the long fuzzing profile (10,000+ generated cases); `make test` runs a quick one
fuzz: install
	DUISLINT_FUZZ=long $(BIN)/python -m pytest -q tests/test_fuzz.py tests/test_run_safety.py

bench: install
	$(BIN)/python benchmarks/bench_check.py
	$(BIN)/python benchmarks/bench_spec.py
	$(BIN)/python benchmarks/bench_sec_documents.py
	$(BIN)/python benchmarks/bench_diff.py
	$(BIN)/python benchmarks/bench_messages.py

# time against input size (1x, 2x, 5x, 10x of each input kind; the full sizes take about an hour: SCALE=1)
SCALE ?= 0.1
bench-scaling: install
	$(BIN)/python benchmarks/bench_scaling.py --scale $(SCALE)

clean:
	rm -rf $(VENV) reports/*.json reports/*.txt reports/*.md reports/*.html reports/*.png
