# ifscat: build, install the Debian packages it needs, test, run the demo and the benchmarks.
#
#   make demo    install packages (sudo when not root), build, run the demo end to end
#   make test    install packages, build, run unit and integration tests (throwaway cluster)
#   make bench   build and print the benchmark table
#   make install PREFIX=/usr/local

PREFIX   ?= /usr/local
CC       ?= cc
BUILD    := build
# Debian 12 packages the project builds and runs with (README explains each choice).
DEB_PACKAGES := make gcc pkg-config postgresql-15 postgresql-15-q3c libpq-dev \
                libcfitsio-dev libgsl-dev libcjson-dev wcslib-dev libcairo2-dev libssl-dev libexpat1-dev
PKG_LIBS := libpq cfitsio gsl libcjson wcslib cairo libcrypto expat

# Recursive (=) so that `make deps` works before pkg-config and the libraries exist.
CFLAGS   ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wshadow -Wno-unused-parameter -Wno-format-truncation \
             -Iinclude -I$(BUILD) $(shell pkg-config --cflags $(PKG_LIBS)) \
             -DIFS_SOURCE_DATADIR='"$(CURDIR)/data"' \
             -DIFS_PG_BINDIR='"$(shell pg_config --bindir 2>/dev/null)"' $(CFLAGS)
LDLIBS    = $(shell pkg-config --libs $(PKG_LIBS)) -lpthread -lm

LIB_SRC  := $(wildcard src/core/*.c src/db/*.c ingest/*.c)
CLI_SRC  := $(wildcard src/cli/*.c)
MIGRATIONS := $(sort $(wildcard sql/[0-9][0-9][0-9][0-9]_*.sql))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/migrations.o
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
# Helpers of the integration tests that read files with the libraries alone, not with ifscat's code.
TOOL_SRC := $(wildcard tests/tools/*.c)
TOOL_BIN := $(TOOL_SRC:tests/tools/%.c=$(BUILD)/tests/tools/%)
BENCH_SRC := $(wildcard bench/*.c)
BENCH_BIN := $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)

.PHONY: all deps demo test unit bench install clean
all: $(BUILD)/ifscat

deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	    echo "installing Debian packages:" $$missing; \
	    SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	    $$SUDO apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

$(BUILD)/%.o: %.c $(wildcard include/ifscat/*.h) | deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

# The migrations are compiled into the binary, so a binary always knows the schema it needs.
$(BUILD)/migrations.c: $(MIGRATIONS) src/db/embed_migrations.awk
	@mkdir -p $(BUILD)
	awk -f src/db/embed_migrations.awk $(MIGRATIONS) > $@
$(BUILD)/migrations.o: $(BUILD)/migrations.c
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/libifscat.a: $(LIB_OBJ)
	ar rcs $@ $^

$(BUILD)/ifscat: $(CLI_OBJ) $(BUILD)/libifscat.a
	$(CC) $(ALL_CFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libifscat.a $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(BUILD)/libifscat.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(BUILD)/libifscat.a $(LDLIBS)

$(BUILD)/tests/tools/%: tests/tools/%.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LDLIBS)

$(BUILD)/bench/%: bench/%.c $(BUILD)/libifscat.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libifscat.a $(LDLIBS)

unit: $(UNIT_BIN)

test: deps $(BUILD)/ifscat $(UNIT_BIN) $(TOOL_BIN)
	bash tests/run

bench: deps $(BUILD)/ifscat $(BENCH_BIN)
	bash bench/run

demo: deps $(BUILD)/ifscat
	bash data/demo/run

install: $(BUILD)/ifscat
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/ifscat
	install -m 755 $(BUILD)/ifscat $(DESTDIR)$(PREFIX)/bin/ifscat
	cp -r data/. $(DESTDIR)$(PREFIX)/share/ifscat/

clean:
	rm -rf $(BUILD)
