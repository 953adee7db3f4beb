# resonance_robot: two commands on a fresh machine.
#   make demo   venv + pinned ROS 2 wheels + colcon build, then the embedded demo
#   make test   the same set-up, then lint and the whole test suite
#   make hri-msgs  optional: build ROS4HRI's hri_msgs into the venv (hri_bridge, its tests)
# A second run only redoes what changed (stamp files in .venv/).

PYTHON ?= python3
VENV := .venv
ROOT := $(abspath .)
VENV_ABS := $(ROOT)/$(VENV)
PY := $(VENV)/bin/python
# Build and run against the venv's ROS (no setup.bash to source).
export AMENT_PREFIX_PATH := $(VENV_ABS)
export PATH := $(VENV_ABS)/bin:$(PATH)
export PYTHONDONTWRITEBYTECODE := 1

REQUIREMENTS := requirements/ros.txt requirements/runtime.txt requirements/test.txt
CONSTRAINTS := requirements/constraints.txt
MSG_SOURCES := $(wildcard resonance_robot_msgs/msg/*.msg resonance_robot_msgs/srv/*.srv) \
	resonance_robot_msgs/CMakeLists.txt resonance_robot_msgs/package.xml
PKG_SOURCES := resonance_robot/setup.py resonance_robot/setup.cfg resonance_robot/package.xml \
	$(wildcard resonance_robot/config/*.yaml resonance_robot/launch/*.py)
COLCON := colcon --log-base build/colcon-log build --base-paths resonance_robot_msgs \
	resonance_robot --build-base build --install-base $(VENV_ABS) --merge-install \
	--symlink-install --event-handlers console_cohesion- summary+
PYTEST_ARGS ?=
# ROS4HRI interfaces (REP-155), not on PyPI: built from source into the venv on request.
# Default: shared/third_party/hri_msgs next to the checkout (../shared, or ../../shared for a
# worktree one level down); `make hri-msgs HRI_MSGS_SRC=<path>` for any other copy.
HRI_MSGS_SRC ?= $(firstword $(wildcard $(ROOT)/../shared/third_party/hri_msgs \
	$(ROOT)/../../shared/third_party/hri_msgs))
HRI_COLCON := colcon --log-base build/colcon-log build --base-paths $(HRI_MSGS_SRC) \
	--build-base build/hri_msgs --install-base $(VENV_ABS) --merge-install \
	--event-handlers console_cohesion- summary+

.PHONY: all demo test build deps system-deps lint lock clean help hri-msgs

all: build

help:
	@echo 'make demo    set up (first time) and run the embedded demo'
	@echo 'make test    set up (first time), lint and run every test'
	@echo 'make build   set up and build only; .venv/bin/resonance-robot is the command'
	@echo 'make hri-msgs  build ROS4HRI hri_msgs into the venv (HRI_MSGS_SRC=<path>)'
	@echo 'make lock    re-pin requirements/constraints.txt from the current venv'
	@echo 'make clean   remove .venv and build outputs'

demo: build
	$(VENV)/bin/resonance-robot demo

# With the hri_msgs sources at hand the bridge is tested too; without them, quietly not.
test: build
	@if [ -n "$(HRI_MSGS_SRC)" ] && [ -d "$(HRI_MSGS_SRC)" ]; then \
		$(MAKE) --no-print-directory hri-msgs; fi
	$(VENV)/bin/pytest resonance_robot/test $(PYTEST_ARGS)

lint: build
	$(VENV)/bin/pytest resonance_robot/test -m lint $(PYTEST_ARGS)

build: $(VENV)/.built

system-deps:
	@missing=$$(for p in $$(grep -v '^#' requirements/apt.txt); do \
		dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "installing Debian packages: $$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
				apt-get install -y -qq --no-install-recommends $$missing; \
		else \
			echo "missing Debian packages: sudo apt-get install $$missing"; exit 1; \
		fi; \
	fi

$(PY):
	$(MAKE) system-deps
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade 'pip==25.3' 'setuptools==80.9.0' 'wheel==0.45.1'

$(VENV)/.deps: $(PY) $(REQUIREMENTS) $(CONSTRAINTS) requirements/apt.txt tools/fix_ros_wheel_cmake.py
	$(MAKE) system-deps
	$(PY) -m pip install --quiet $(addprefix -r ,$(REQUIREMENTS)) -c $(CONSTRAINTS)
	$(PY) tools/fix_ros_wheel_cmake.py $(VENV_ABS)
	touch $@

$(VENV)/.built: $(VENV)/.deps $(MSG_SOURCES) $(PKG_SOURCES)
	$(COLCON)
	@# --symlink-install develops the Python package from build/; put it on the venv's path
	@# (a ROS workspace would source install/setup.bash for this).
	echo $(ROOT)/build/resonance_robot > "$$($(PY) -c 'import sysconfig; \
		print(sysconfig.get_paths()["purelib"])')/resonance_robot_develop.pth"
	ln -sf ../lib/resonance_robot/resonance-robot $(VENV)/bin/resonance-robot
	touch $@

hri-msgs: build
	@if [ -z "$(HRI_MSGS_SRC)" ] || [ ! -f "$(HRI_MSGS_SRC)/package.xml" ]; then \
		echo "hri-msgs: no hri_msgs sources at '$(HRI_MSGS_SRC)'; give HRI_MSGS_SRC=<path>" \
		"(a checkout of github.com/ros4hri/hri_msgs)"; exit 1; fi
	@$(MAKE) --no-print-directory $(VENV)/.hri_msgs

$(VENV)/.hri_msgs: $(VENV)/.deps $(wildcard $(HRI_MSGS_SRC)/msg/*.msg \
		$(HRI_MSGS_SRC)/CMakeLists.txt $(HRI_MSGS_SRC)/package.xml)
	$(HRI_COLCON)
	touch $@

lock: $(VENV)/.deps
	$(PY) -m pip freeze --exclude-editable | grep -v -e '^resonance' -e '^-e' \
		| sed 's/^torch==\(.*\)+cpu$$/torch==\1/' > $(CONSTRAINTS)
	@echo "pinned $$(wc -l < $(CONSTRAINTS)) packages in $(CONSTRAINTS)"

clean:
	rm -rf $(VENV) build install log
