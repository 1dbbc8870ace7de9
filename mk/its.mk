# Virtual GICv3 ITS model (hyp/vgic/its/): host unit tests, fuzzing,
# benchmark and an EL2 cross-compile check. Included by the top-level
# Makefile; uses BUILD, HOSTCC, SAN_CFLAGS and UNIT_TESTS from there.
#
#   make unit-its-regs       registers, the command queue, table moves, reset
#   make unit-its-cmd        every command and its documented error cases
#   make unit-its-lpi        translation, LPI delivery and pending tables
#   make unit-its-save       save/restore basics, several ITSes
#   make unit-its-roundtrip  random configurations saved and restored
#   make unit-its-corrupt    every kind of bad table entry refused
#   make unit-its-fuzz       the fuzz target for ITS_FUZZ_RUNS (40000) runs,
#                            repeatable (see FUZZ_FIXED in the Makefile)
#   make its-fuzz            same as unit-its-fuzz
#   make its-fuzz-long       30 minutes of fuzzing (ITS_FUZZ_LONG_SECONDS),
#                            random seed, corpus kept in $(BUILD)/its-fuzz
#   make its-bench           translation and command-queue throughput
#   make its-cross-check     compile the model for EL2 with -Werror

ITS_DIR      := hyp/vgic/its
ITS_SRCS     := $(sort $(wildcard $(ITS_DIR)/*.c))
ITS_HDRS     := $(wildcard $(ITS_DIR)/*.h)
ITS_TDIR     := tests/unit/its
ITS_FAKE     := $(ITS_TDIR)/its_fake.c
ITS_TDEPS    := $(ITS_SRCS) $(ITS_HDRS) $(ITS_FAKE) $(wildcard $(ITS_TDIR)/*.h)
# The model includes <arch/addr.h> (armhv's address types): -Ihyp, which
# SAN_CFLAGS has, and only that header of armhv's is used.
ITS_TCFLAGS  := $(SAN_CFLAGS) -I$(ITS_DIR) -I$(ITS_TDIR)

ITS_FUZZ_RUNS    ?= 40000
ITS_FUZZ_LONG_SECONDS ?= 1800
ITS_FUZZ_CC      ?= clang
ITS_FUZZ_BASE    := -std=gnu11 -O1 -g -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -Wall -Wextra -Werror -Wshadow \
	-Ihyp -I$(ITS_DIR) -I$(ITS_TDIR)
ITS_FUZZ_BIN     := $(BUILD)/tests/its_fuzz
ITS_FUZZ_CORPUS  := $(BUILD)/its-fuzz/corpus
ITS_FUZZ_ARTS    := $(BUILD)/its-fuzz/artifacts/
ITS_FUZZ_NEW     := $(BUILD)/its-fuzz/new
# -timeout: one input running this long is a hang; -rss_limit_mb: a leak.
ITS_FUZZ_OPTS = -timeout=10 -rss_limit_mb=2048 -max_len=4096 -print_final_stats=1 \
	-artifact_prefix=$(ITS_FUZZ_ARTS)

ITS_CROSS_CC     ?= aarch64-linux-gnu-gcc
ITS_CROSS_CFLAGS := -std=gnu11 -O2 -ffreestanding -mgeneral-regs-only \
	-Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Ihyp

.PHONY: unit-its-fuzz its-fuzz its-fuzz-long its-bench its-cross-check

# The host unit tests, each tests/unit/its/its_NAME_test.c run as
# unit-its-NAME with the model and the fake environment.
ITS_UNITS := regs cmd lpi save roundtrip corrupt
UNIT_TESTS += $(addprefix its-,$(ITS_UNITS)) its-fuzz its-cross

# armhv links the model with its own flags; this checks it also builds
# for EL2 with only the model's (freestanding, its own headers).
.PHONY: unit-its-cross
unit-its-cross: its-cross-check

$(BUILD)/tests/its_%_test: $(ITS_TDIR)/its_%_test.c $(ITS_TDEPS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(ITS_TCFLAGS) -o $@ $< $(ITS_FAKE) $(ITS_SRCS)

define its_unit
.PHONY: unit-its-$(1)
unit-its-$(1): $$(BUILD)/tests/its_$(1)_test
	$$<
endef
$(foreach u,$(ITS_UNITS),$(eval $(call its_unit,$(u))))

# Coverage instrumentation for the model only: the harness and the fake
# environment are built with the sanitizers but without it, so that their
# checking loops neither slow the fuzzer down nor count as coverage.
ITS_FUZZ_OBJ := $(BUILD)/its-fuzz/obj
$(ITS_FUZZ_BIN): tests/fuzz/its_fuzz.c $(ITS_TDEPS)
	@mkdir -p $(dir $@) $(ITS_FUZZ_OBJ)
	for f in $(ITS_SRCS); do \
		$(ITS_FUZZ_CC) $(ITS_FUZZ_BASE) -fsanitize=fuzzer-no-link,address,undefined \
			-c $$f -o $(ITS_FUZZ_OBJ)/$$(basename $$f .c).o || exit 1; \
	done
	$(ITS_FUZZ_CC) $(ITS_FUZZ_BASE) -fsanitize=address,undefined -c $(ITS_FAKE) \
		-o $(ITS_FUZZ_OBJ)/its_fake.o
	$(ITS_FUZZ_CC) $(ITS_FUZZ_BASE) -fsanitize=address,undefined -c $< \
		-o $(ITS_FUZZ_OBJ)/its_fuzz.o
	$(ITS_FUZZ_CC) $(ITS_FUZZ_BASE) -fsanitize=fuzzer,address,undefined \
		-o $@ $(ITS_FUZZ_OBJ)/*.o

# The test run: from an empty corpus (nothing is committed for the ITS),
# the same runs every time.
unit-its-fuzz its-fuzz: $(ITS_FUZZ_BIN)
	rm -rf $(ITS_FUZZ_NEW)
	mkdir -p $(ITS_FUZZ_NEW) $(ITS_FUZZ_ARTS)
	$(call FUZZ_FIXED,$(ITS_FUZZ_BIN)) -runs=$(ITS_FUZZ_RUNS) $(ITS_FUZZ_OPTS) $(ITS_FUZZ_NEW)
	rm -rf $(ITS_FUZZ_NEW)

its-fuzz-long: $(ITS_FUZZ_BIN)
	mkdir -p $(ITS_FUZZ_CORPUS) $(ITS_FUZZ_ARTS)
	$(ITS_FUZZ_BIN) -seed=0 -max_total_time=$(ITS_FUZZ_LONG_SECONDS) $(ITS_FUZZ_OPTS) \
		$(ITS_FUZZ_CORPUS)

$(BUILD)/tests/its_bench: tests/bench/its_bench.c $(ITS_TDEPS)
	@mkdir -p $(dir $@)
	$(HOSTCC) -std=gnu11 -O2 -g -Wall -Wextra -Werror -Ihyp -I$(ITS_DIR) -I$(ITS_TDIR) \
		-o $@ $< $(ITS_FAKE) $(ITS_SRCS)

its-bench: $(BUILD)/tests/its_bench
	$<

its-cross-check: $(ITS_SRCS) $(ITS_HDRS)
	@mkdir -p $(BUILD)/its-cross
	for f in $(ITS_SRCS); do \
		$(ITS_CROSS_CC) $(ITS_CROSS_CFLAGS) -c $$f \
			-o $(BUILD)/its-cross/$$(basename $$f .c).o || exit 1; \
	done
	@echo "its-cross-check: $(words $(ITS_SRCS)) files compile for EL2"
