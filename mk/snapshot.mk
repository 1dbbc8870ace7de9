# VM snapshots (hyp/snapshot, docs/snapshot-format.md): the format, its
# encoder and validating decoder, and the disk store, a library built for
# EL2 and for the host. Included by the top-level Makefile; uses host_unit,
# FUZZ_FIXED, FUZZ_SEED and UNIT_TESTS from there.
#
#   make unit-snapshot          round trips, every byte flipped, truncations,
#                               versions, lengths, counts, RAM hand-over
#   make unit-snapshot_check    every value a VM cannot have, refused
#   make unit-snapshot_store    the disk store, and a crash at every write
#   make unit-snapshot-cross    the library compiles for EL2 with armhv's
#                               flags and needs only memcpy, memset and
#                               (v)snprintf from the C library
#   make unit-snapshot-fuzz     the reader fuzzed for SNAPSHOT_FUZZ_RUNS runs
#                               from the committed seeds, repeatable
#   make snapshot-fuzz-long     SNAPSHOT_FUZZ_LONG_SECONDS of fuzzing, random
#                               seed, corpus kept in $(BUILD)/snapshot-fuzz

SNAP_SRCS    := $(sort $(wildcard hyp/snapshot/*.c))
SNAP_HDRS    := $(wildcard hyp/snapshot/*.h)
SNAP_FIXTURE := tests/unit/snapshot_fixture.c
SNAP_TDEPS   := $(SNAP_HDRS) $(SNAP_FIXTURE) tests/unit/snapshot_fixture.h mk/snapshot.mk

# unit-snapshot links the ITS model for its register blob (its_regs_encode).
$(eval $(call host_unit,snapshot,$(SNAP_SRCS) $(SNAP_FIXTURE) $(sort $(wildcard hyp/vgic/its/*.c)),,\
	$(SNAP_TDEPS),,-Ihyp/vgic/its))
$(eval $(call host_unit,snapshot_check,$(SNAP_SRCS) $(SNAP_FIXTURE),,$(SNAP_TDEPS)))
$(eval $(call host_unit,snapshot_store,$(SNAP_SRCS) $(SNAP_FIXTURE),,$(SNAP_TDEPS)))

# The EL2 build of the library: armhv's own flags, then the symbols it
# leaves undefined, which must all be in SNAP_EL2_LIBC.
SNAP_EL2_LIBC := memcpy memset snprintf vsnprintf
UNIT_TESTS += snapshot-cross
.PHONY: unit-snapshot-cross
unit-snapshot-cross: $(SNAP_SRCS) $(SNAP_HDRS)
	@mkdir -p $(BUILD)/snapshot-cross
	for f in $(SNAP_SRCS); do \
		$(CC_HYP) $(HYP_CFLAGS) $(HYP_CONVERSION_CFLAGS) -c $$f \
			-o $(BUILD)/snapshot-cross/$$(basename $$f .c).o || exit 1; \
	done
	$(LD_HYP) -r -o $(BUILD)/snapshot-cross/snapshot.o \
		$(patsubst hyp/snapshot/%.c,$(BUILD)/snapshot-cross/%.o,$(SNAP_SRCS))
	@undef=$$($(NM) -u $(BUILD)/snapshot-cross/snapshot.o | awk '{print $$2}' | sort | tr '\n' ' '); \
	for s in $$undef; do \
		case " $(SNAP_EL2_LIBC) " in *" $$s "*) ;; \
		*) echo "unit-snapshot-cross: needs $$s, which is not in: $(SNAP_EL2_LIBC)"; exit 1;; esac; \
	done; \
	echo "unit-snapshot-cross: $(words $(SNAP_SRCS)) files compile for EL2; undefined: $$undef"

# Snapshot images for tests without an armhv to save a VM: a store for
# the snapshot-tool scenario, and the fuzzer's seeds (snapshot_images
# seeds DIR wrote tests/fuzz/snapshot-seeds; written again, the same).
$(BUILD)/tests/snapshot_images: tests/tools/snapshot_images.c $(SNAP_SRCS) $(SNAP_TDEPS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(SAN_CFLAGS) -o $@ $< $(SNAP_SRCS) $(SNAP_FIXTURE)

# The reader fuzzed: each input as a standalone snapshot and as a store's
# disk, with `armhv snapshot` list and inspect on it (FUZZ_FIXED and the
# long run as for the boot bundle's fuzzer, mk/bundle.mk).
SNAPSHOT_FUZZ_RUNS ?= 100000
SNAPSHOT_FUZZ_LONG_SECONDS ?= 1800
SNAPSHOT_FUZZ_SEEDS := tests/fuzz/snapshot-seeds
SNAPSHOT_FUZZ_OPTS = -timeout=10 -max_len=65536 -print_final_stats=1 \
	-artifact_prefix=$(BUILD)/snapshot-fuzz/artifacts/
SNAPSHOT_FUZZ_SRCS := $(SNAP_SRCS) tools/armhv/snapcmd.c tools/armhv/snapcmd_inspect.c \
	tools/armhv/snapcmd_file.c
UNIT_TESTS += snapshot-fuzz
$(BUILD)/tests/snapshot_fuzz: tests/fuzz/snapshot_fuzz.c $(SNAPSHOT_FUZZ_SRCS) $(SNAP_HDRS) \
		tools/armhv/snapcmd.h
	@mkdir -p $(dir $@)
	clang -std=gnu11 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-Wall -Wextra -Werror -D_GNU_SOURCE -Ihyp -Itools/armhv -o $@ \
		tests/fuzz/snapshot_fuzz.c $(SNAPSHOT_FUZZ_SRCS)
.PHONY: unit-snapshot-fuzz snapshot-fuzz-long
unit-snapshot-fuzz: $(BUILD)/tests/snapshot_fuzz
	rm -rf $(BUILD)/snapshot-fuzz/new
	mkdir -p $(BUILD)/snapshot-fuzz/new $(BUILD)/snapshot-fuzz/artifacts
	$(call FUZZ_FIXED,$<) -runs=$(SNAPSHOT_FUZZ_RUNS) $(SNAPSHOT_FUZZ_OPTS) \
		$(BUILD)/snapshot-fuzz/new $(SNAPSHOT_FUZZ_SEEDS)
	rm -rf $(BUILD)/snapshot-fuzz/new

snapshot-fuzz-long: $(BUILD)/tests/snapshot_fuzz
	mkdir -p $(BUILD)/snapshot-fuzz/corpus $(BUILD)/snapshot-fuzz/artifacts
	$< -seed=0 -max_total_time=$(SNAPSHOT_FUZZ_LONG_SECONDS) $(SNAPSHOT_FUZZ_OPTS) \
		$(BUILD)/snapshot-fuzz/corpus $(SNAPSHOT_FUZZ_SEEDS)
