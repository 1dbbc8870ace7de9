# armhv's boot bundle (docs/boot-protocol.md): the initrd's cpio archive
# of modules (hyp/dt/cpio.c). Included by the top-level Makefile; uses
# host_unit, FUZZ_FIXED, FUZZ_SEED and UNIT_TESTS from there.
#
#   make unit-cpio        host tests under ASan and UBSan
#   make unit-cpio-fuzz   the fuzzer for CPIO_FUZZ_RUNS runs from the
#                         committed seeds (tests/fuzz/cpio-seeds), repeatable
#   make cpio-fuzz-long   CPIO_FUZZ_LONG_SECONDS of fuzzing, random seed,
#                         corpus kept in $(BUILD)/cpio-fuzz

CPIO_SRCS := hyp/dt/cpio.c hyp/dt/machine.c hyp/dt/check.c hyp/lib/bootargs.c
$(eval $(call host_unit,cpio,$(CPIO_SRCS),-lfdt))

CPIO_FUZZ_RUNS ?= 300000
CPIO_FUZZ_LONG_SECONDS ?= 1800
CPIO_FUZZ_SEEDS := tests/fuzz/cpio-seeds
CPIO_FUZZ_OPTS = -timeout=10 -max_len=8192 -print_final_stats=1 \
	-artifact_prefix=$(BUILD)/cpio-fuzz/artifacts/
UNIT_TESTS += cpio-fuzz
$(BUILD)/tests/cpio_fuzz: tests/fuzz/cpio_fuzz.c $(CPIO_SRCS) $(wildcard hyp/*/*.h)
	@mkdir -p $(dir $@)
	clang -std=gnu11 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-Wall -Wextra -Werror -Ihyp -o $@ tests/fuzz/cpio_fuzz.c $(CPIO_SRCS) -lfdt
.PHONY: unit-cpio-fuzz cpio-fuzz-long
unit-cpio-fuzz: $(BUILD)/tests/cpio_fuzz
	rm -rf $(BUILD)/cpio-fuzz/new
	mkdir -p $(BUILD)/cpio-fuzz/new $(BUILD)/cpio-fuzz/artifacts
	$(call FUZZ_FIXED,$<) -runs=$(CPIO_FUZZ_RUNS) $(CPIO_FUZZ_OPTS) \
		$(BUILD)/cpio-fuzz/new $(CPIO_FUZZ_SEEDS)
	rm -rf $(BUILD)/cpio-fuzz/new

cpio-fuzz-long: $(BUILD)/tests/cpio_fuzz
	mkdir -p $(BUILD)/cpio-fuzz/corpus $(BUILD)/cpio-fuzz/artifacts
	$< -seed=0 -max_total_time=$(CPIO_FUZZ_LONG_SECONDS) $(CPIO_FUZZ_OPTS) \
		$(BUILD)/cpio-fuzz/corpus $(CPIO_FUZZ_SEEDS)

# The text form of a VM's configuration (hyp/vm/config.c): `vm create`'s
# options and the boot-time vms file; its fuzzer reads a whole vms file.
VMCONFIG_SRCS := hyp/vm/config.c hyp/lib/words.c hyp/lib/bootargs.c
$(eval $(call host_unit,vmconfig,$(VMCONFIG_SRCS)))

VMS_FUZZ_RUNS ?= 300000
VMS_FUZZ_SEEDS := tests/fuzz/vms-seeds
VMS_FUZZ_OPTS = -timeout=10 -max_len=4096 -print_final_stats=1 \
	-artifact_prefix=$(BUILD)/vms-fuzz/artifacts/
UNIT_TESTS += vms-fuzz
$(BUILD)/tests/vms_fuzz: tests/fuzz/vms_fuzz.c $(VMCONFIG_SRCS) $(wildcard hyp/*/*.h)
	@mkdir -p $(dir $@)
	clang -std=gnu11 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-Wall -Wextra -Werror -Ihyp -o $@ tests/fuzz/vms_fuzz.c $(VMCONFIG_SRCS)
.PHONY: unit-vms-fuzz
unit-vms-fuzz: $(BUILD)/tests/vms_fuzz
	rm -rf $(BUILD)/vms-fuzz/new
	mkdir -p $(BUILD)/vms-fuzz/new $(BUILD)/vms-fuzz/artifacts
	$(call FUZZ_FIXED,$<) -runs=$(VMS_FUZZ_RUNS) $(VMS_FUZZ_OPTS) \
		$(BUILD)/vms-fuzz/new $(VMS_FUZZ_SEEDS)
	rm -rf $(BUILD)/vms-fuzz/new
