# Two entry points a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# pywb pins Werkzeug, redis and brotlipy (which replaces the `brotli` module Scrapy uses): own venv.
PYWB_VENV := .venv-pywb
PYWB_STAMP := $(PYWB_VENV)/.installed

.PHONY: demo test test-fast setup clean pywb browser fonts screenshots

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

$(PYWB_STAMP):
	$(PYTHON) -m venv $(PYWB_VENV)
	echo '*' > $(PYWB_VENV)/.gitignore
	$(PYWB_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(PYWB_VENV)/bin/python -m pip install --quiet 'pywb>=2.9,<3'
	touch $(PYWB_STAMP)

setup: $(STAMP)

pywb: $(PYWB_STAMP)

# Headless Chromium and its driver (Debian packages) for the reading room's real-browser test
# (tests/test_reading_room_browser.py); needs root, as apt-get does.
browser:
	@if [ ! -x /usr/bin/chromedriver ]; then \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium chromium-driver; \
	fi

# A CJK font (Debian's WenQuanYi Micro Hei, 1.6 MB) for pictures of the pages; the tests read text
# and need none.
fonts:
	@if ! fc-list | grep -qi "wenquanyi"; then \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends fonts-wqy-microhei; \
	fi

# The README's pictures of the reading room (docs/screenshots/*.png), taken by its browser tests.
screenshots: $(STAMP) browser fonts
	READING_ROOM_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest -q tests/test_reading_room_browser.py

demo: $(STAMP)
	$(BIN)/article-archive demo

# The fast tier: text, decoding, storage and CLI checks without a crawl (under a minute on two
# cores); `make test` runs everything, slow crawls and kills, PostgreSQL and Redis included.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"; status=$$?; \
	if [ $$status -eq 5 ]; then echo "no tests collected" >&2; exit 1; fi; exit $$status

# pytest exits 5 when it collected no test: that is a failure, not a pass. One worker a core
# (pytest-xdist), a module to a worker: module fixtures (a crawled collection) are made once.
test: $(STAMP) $(PYWB_STAMP) browser
	$(BIN)/python -m pytest -n auto --dist loadfile; status=$$?; \
	if [ $$status -eq 5 ]; then echo "no tests collected" >&2; exit 1; fi; exit $$status

clean:
	rm -rf $(VENV) $(PYWB_VENV) data
