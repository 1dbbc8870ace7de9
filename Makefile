# armhv build. `make` builds the hypervisor Image and the host `armhv`
# command; `make test` runs every test (see tests/run); `make run` boots
# armhv on QEMU with a Linux VM and puts the terminal on its console.

BUILD      ?= build
CROSS      ?= aarch64-linux-gnu-
CC_HYP     := $(CROSS)gcc
LD_HYP     := $(CROSS)ld
OBJCOPY    := $(CROSS)objcopy
NM         := $(CROSS)nm
HOSTCC     ?= gcc
Q          ?= @

VERSION    := $(shell git describe --always --dirty 2>/dev/null || echo unknown)

PICOLIBC   := /usr/lib/picolibc/aarch64-linux-gnu
LIBFDT_A   := .deps/libfdt-arm64/usr/lib/aarch64-linux-gnu/libfdt.a
LIBGCC_A   := $(shell $(CC_HYP) -print-libgcc-file-name 2>/dev/null)

# EL2 code: no FP/SIMD in our own code (libfdt and picolibc do use it, see
# docs/hyp-abi.md), frame pointers for backtraces (not in leaf functions:
# three instructions each on the exit path; a fault report names x30's
# function), no stack protector (the runtime provides the guard only for
# the libraries that need it).
HYP_CFLAGS := -std=gnu11 -O2 -g -ffreestanding -fno-builtin-printf \
	-mgeneral-regs-only -mcmodel=small -fno-pic -fno-pie \
	-fno-omit-frame-pointer -momit-leaf-frame-pointer \
	-fno-stack-protector -fno-common -ffunction-sections -mno-outline-atomics \
	-Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter \
	-Wformat=2 -isystem $(PICOLIBC)/include -Ihyp \
	-DARMHV_VERSION='"$(VERSION)"'
# Implicit conversions that may change a value, as the host tools are
# built: -Wconversion, which for C includes -Wsign-conversion. The files
# in HYP_CONVERSION_TODO (make patterns) are not clean yet and are built
# without it: take a folder or file out of the list once it builds with
# the flag.
HYP_CONVERSION_CFLAGS := -Wconversion
HYP_CONVERSION_TODO :=
hyp_conversion = $(if $(filter $(HYP_CONVERSION_TODO),$(1)),,$(HYP_CONVERSION_CFLAGS))
# Code that runs with the MMU off sees all memory as Device memory: it must
# not make unaligned accesses nor let the compiler call memset/memcpy.
HYP_EARLY_CFLAGS := -mstrict-align -fno-tree-loop-distribute-patterns
HYP_ASFLAGS := -g -Ihyp -I$(BUILD)/include -D__ASSEMBLY__

# The subsystems, lowest layer first (docs/architecture.md); a folder may
# include headers of its own layer and those below, never above
# (scripts/check-layers). vgic/its, the ITS model, is part of the vgic
# layer and a host-tested library of its own (mk/its.mk); snapshot
# (mk/snapshot.mk) is a library too, and no layer.
HYP_LAYERS := arch lib dt mm drivers cpu boot lifecycle handover vgic vdev vm exc mgmt
ITS_MODEL_SRCS := $(sort $(wildcard hyp/vgic/its/*.c))
HYP_C_SRCS := $(foreach l,$(HYP_LAYERS),$(sort $(wildcard hyp/$(l)/*.c))) $(ITS_MODEL_SRCS) $(sort $(wildcard hyp/snapshot/*.c)) hyp/main.c
HYP_EARLY_SRCS := hyp/mm/pgtable.c hyp/mm/layout.c hyp/boot/early.c
HYP_S_SRCS := $(filter-out hyp/boot/armhv.ld.S,$(foreach l,$(HYP_LAYERS),$(sort $(wildcard hyp/$(l)/*.S))))
HYP_OBJS   := $(patsubst %.c,$(BUILD)/%.o,$(HYP_C_SRCS)) \
              $(patsubst %.S,$(BUILD)/%.o,$(HYP_S_SRCS))
HYP_LIBS   := $(LIBFDT_A) $(PICOLIBC)/lib/libc.a $(LIBGCC_A)

.PHONY: all hyp tools run test unit setup clean list-unit-tests print-layers bench
all: hyp tools

# scripts/setup unpacks libfdt for arm64 into .deps/, which a fresh clone
# lacks: the goals that link armhv stop at once with one line saying so
# (the others, make clean among them, do not need it).
HYP_GOALS := all hyp run test bench $(BUILD)/armhv.bin $(BUILD)/armhv.elf $(BUILD)/armhv.pass1.elf
ifeq ($(wildcard $(LIBFDT_A)),)
ifneq ($(filter $(HYP_GOALS),$(or $(MAKECMDGOALS),all)),)
$(error $(LIBFDT_A) is missing: run scripts/setup first)
endif
endif

hyp: $(BUILD)/armhv.bin

$(BUILD)/hyp/%.o: hyp/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC_HYP) $(HYP_CFLAGS) $(call hyp_conversion,$<) \
		$(if $(filter $<,$(HYP_EARLY_SRCS)),$(HYP_EARLY_CFLAGS)) -MMD -c $< -o $@

# Offsets of C structures for the assembly, generated from C.
ASM_OFFSETS := $(BUILD)/include/generated/asm-offsets.h
$(ASM_OFFSETS): hyp/asm-offsets.c $(wildcard hyp/*/*.h)
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	$(Q)$(CC_HYP) $(HYP_CFLAGS) $(call hyp_conversion,$<) -S -o $@.s $<
	$(Q){ echo "/* Generated from hyp/asm-offsets.c: do not edit. */"; \
	  sed -n 's/^[[:space:]]*\.ascii[[:space:]]*"->\([A-Z0-9_]*\) #\{0,1\}\([0-9]*\)"/#define \1 \2/p' $@.s; } > $@.tmp
	$(Q)mv $@.tmp $@

$(BUILD)/hyp/%.o: hyp/%.S $(ASM_OFFSETS)
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	$(Q)$(CC_HYP) $(HYP_ASFLAGS) -MMD -c $< -o $@

# The linker script, preprocessed with the layout header the C code uses.
HYP_LDS := $(BUILD)/armhv.ld
$(HYP_LDS): hyp/boot/armhv.ld.S hyp/mm/layout.h hyp/arch/types.h
	@mkdir -p $(dir $@)
	$(Q)$(CC_HYP) -E -P -x c -D__ASSEMBLY__ -Ihyp -o $@ $<

# The symbol table for backtraces sits after .text, so linking it in does
# not move any code: link once without it, extract function symbols, link
# again with them.
$(BUILD)/armhv.pass1.elf: $(HYP_OBJS) $(HYP_LDS) $(BUILD)/empty-syms.o
	$(LD_HYP) -T $(HYP_LDS) --gc-sections -o $@ $(HYP_OBJS) $(BUILD)/empty-syms.o $(HYP_LIBS)

$(BUILD)/empty-syms.S:
	@mkdir -p $(BUILD)
	scripts/gen-symbols /dev/null > $@

$(BUILD)/syms.S: $(BUILD)/armhv.pass1.elf scripts/gen-symbols
	$(NM) -n --defined-only $< | scripts/gen-symbols - > $@

$(BUILD)/%.o: $(BUILD)/%.S
	$(CC_HYP) $(HYP_ASFLAGS) -c $< -o $@

$(BUILD)/armhv.elf: $(HYP_OBJS) $(HYP_LDS) $(BUILD)/syms.o
	$(LD_HYP) -T $(HYP_LDS) --gc-sections -o $@ $(HYP_OBJS) $(BUILD)/syms.o $(HYP_LIBS)
	@scripts/check-symbols $(BUILD)/armhv.pass1.elf $@

$(BUILD)/armhv.bin: $(BUILD)/armhv.elf
	$(OBJCOPY) -O binary $< $@

-include $(HYP_OBJS:.o=.d)

# The version string and build time are taken anew on every build.
$(BUILD)/hyp/lib/version.o: FORCE
.PHONY: FORCE
FORCE:

# ---- host unit tests -------------------------------------------------------
# Each unit test NAME has a target unit-NAME that builds and runs it under
# AddressSanitizer and UBSan; tests/run runs every name in UNIT_TESTS.
SAN_CFLAGS := -std=gnu11 -O1 -g -fsanitize=address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer \
	-Wall -Wextra -Werror -Wshadow -Ihyp -Itests/unit -DHOST_TEST
UNIT_TESTS :=

# host_unit NAME, SOURCES, LIBS, DEPS, ARGS, FLAGS: builds
# tests/unit/NAME_test.c with the sources it tests and runs it as
# unit-NAME (with ARGS). FLAGS come before SAN_CFLAGS: an -I there puts a
# test's fake headers ahead of hyp/ (unit-vgic's <vgic/ich.h>).
define host_unit
UNIT_TESTS += $(1)
$$(BUILD)/tests/$(1)_test: tests/unit/$(1)_test.c $(2) $$(wildcard hyp/*/*.h hyp/*/*/*.h tests/unit/*.h) $(4)
	@mkdir -p $$(dir $$@)
	$$(HOSTCC) $(6) $$(SAN_CFLAGS) -o $$@ tests/unit/$(1)_test.c $(2) $(3)
.PHONY: unit-$(1)
unit-$(1): $$(BUILD)/tests/$(1)_test
	$$< $(5)
endef

$(eval $(call host_unit,pgtable,hyp/mm/pgtable.c hyp/mm/layout.c tests/unit/pt_fake.c))
$(eval $(call host_unit,pgtable_model,hyp/mm/pgtable.c tests/unit/pt_fake.c))
$(eval $(call host_unit,pgtable_reserve,hyp/mm/pgtable.c tests/unit/pt_fake.c))
$(eval $(call host_unit,page_alloc,hyp/mm/page_alloc.c))
$(eval $(call host_unit,page_pool,hyp/mm/page_pool.c))
$(eval $(call host_unit,dt,hyp/dt/machine.c hyp/dt/check.c hyp/lib/bootargs.c,-lfdt,$(BUILD)/tests/dtbs.stamp,$(BUILD)/tests/dtb))
$(eval $(call host_unit,kexec,hyp/handover/image.c hyp/dt/next.c hyp/dt/check.c,-lfdt))
$(eval $(call host_unit,elfcore,hyp/handover/elfcore.c))
$(eval $(call host_unit,bootargs,hyp/lib/bootargs.c))
$(eval $(call host_unit,ratelimit,hyp/lib/ratelimit.c))
$(eval $(call host_unit,format,hyp/lib/format.c))
$(eval $(call host_unit,vmid,hyp/vm/vmid.c))
$(eval $(call host_unit,decode,hyp/vm/decode.c))
$(eval $(call host_unit,mmio_index,hyp/vm/mmio_index.c))
$(eval $(call host_unit,attach,hyp/mgmt/attach.c))
$(eval $(call host_unit,rawline,hyp/lib/rawline.c))
$(eval $(call host_unit,bulk,hyp/lib/bulk.c))
# The vGIC's logic, its EL2 registers faked (tests/unit/vgic_fake); with
# its LPIs and the ITS model behind them (unit-vgic-lpi).
VGIC_SRCS := hyp/vgic/vgic.c hyp/vgic/wake.c hyp/vgic/regs.c hyp/vgic/lpi.c hyp/vgic/lpi_its.c $(ITS_MODEL_SRCS) \
	hyp/lib/bulk.c
$(eval $(call host_unit,vgic,$(VGIC_SRCS),,tests/unit/vgic_fake/vgic/ich.h,,-Itests/unit/vgic_fake))
$(eval $(call host_unit,vgic_lpi,$(VGIC_SRCS),,tests/unit/vgic_fake/vgic/ich.h,,-Itests/unit/vgic_fake))

# The virtio-blk driver against a fake device: the device's registers,
# the counter, cache maintenance and cpu_relax() faked (tests/unit/vblk_fake).
VBLK_SRCS := hyp/drivers/virtq.c hyp/drivers/virtio_mmio.c hyp/drivers/virtio_blk.c \
	hyp/lib/ratelimit.c hyp/lib/bulk.c tests/unit/vblk_fake/fakedev.c
$(eval $(call host_unit,vblk,$(VBLK_SRCS),,$(wildcard tests/unit/vblk_fake/*.[ch] tests/unit/vblk_fake/arch/*.h),,-Itests/unit/vblk_fake))

# Fuzzers (libFuzzer). In the test run (unit-dt-fuzz, unit-its-fuzz) the
# same code gives the same result every time: each run starts from the
# committed seeds only (new inputs go to a fresh folder, thrown away), with
# a fixed seed (FUZZ_SEED), a fixed number of runs (not a time budget), no
# corpus reload, and address-space randomisation off (libFuzzer learns
# from the values the code compares, pointers included). Long runs
# (make dt-fuzz-long, make its-fuzz-long) keep their corpus in $(BUILD)
# from run to run, take a random seed and a time budget, and explore.
FUZZ_SEED ?= 1
FUZZ_FIXED = setarch $(shell uname -m) -R $(1) -seed=$(FUZZ_SEED) -reload=0

# The device-tree fuzzer, seeded with the unit tests' trees and every
# input that once crashed or hung it (tests/fuzz/dt-regressions).
DT_FUZZ_RUNS ?= 200000
DT_FUZZ_LONG_SECONDS ?= 1800
DT_FUZZ_SEEDS := $(BUILD)/tests/dtb tests/fuzz/dt-regressions
DT_FUZZ_OPTS = -timeout=10 -max_len=65536 -print_final_stats=1 \
	-artifact_prefix=$(BUILD)/dt-fuzz/artifacts/
UNIT_TESTS += dt-fuzz
DT_FUZZ_SRCS := hyp/dt/machine.c hyp/dt/check.c hyp/dt/next.c hyp/lib/bootargs.c
$(BUILD)/tests/dt_fuzz: tests/fuzz/dt_fuzz.c $(DT_FUZZ_SRCS) $(wildcard hyp/*/*.h)
	@mkdir -p $(dir $@)
	clang -std=gnu11 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-Wall -Wextra -Werror -Ihyp -o $@ tests/fuzz/dt_fuzz.c $(DT_FUZZ_SRCS) -lfdt
.PHONY: unit-dt-fuzz dt-fuzz-long
unit-dt-fuzz: $(BUILD)/tests/dt_fuzz $(BUILD)/tests/dtbs.stamp
	rm -rf $(BUILD)/dt-fuzz/new
	mkdir -p $(BUILD)/dt-fuzz/new $(BUILD)/dt-fuzz/artifacts
	$(call FUZZ_FIXED,$<) -runs=$(DT_FUZZ_RUNS) $(DT_FUZZ_OPTS) \
		$(BUILD)/dt-fuzz/new $(DT_FUZZ_SEEDS)
	rm -rf $(BUILD)/dt-fuzz/new

# Long run, not in the test run: Linux on 4 vCPUs under load for
# LINUX_SOAK_SECONDS of guest time, then its self-check (no stall).
LINUX_SOAK_SECONDS ?= 300
.PHONY: linux-soak
linux-soak: all
	bash tests/long/linux-soak.sh $(LINUX_SOAK_SECONDS)

dt-fuzz-long: $(BUILD)/tests/dt_fuzz $(BUILD)/tests/dtbs.stamp
	mkdir -p $(BUILD)/dt-fuzz/corpus $(BUILD)/dt-fuzz/artifacts
	$< -seed=0 -max_total_time=$(DT_FUZZ_LONG_SECONDS) $(DT_FUZZ_OPTS) \
		$(BUILD)/dt-fuzz/corpus $(DT_FUZZ_SEEDS)

$(BUILD)/tests/dtbs.stamp: $(wildcard tests/unit/dts/*.dts)
	@mkdir -p $(BUILD)/tests/dtb
	for f in tests/unit/dts/*.dts; do dtc -q -I dts -O dtb -o $(BUILD)/tests/dtb/$$(basename $$f .dts).dtb $$f || exit 1; done
	touch $@

-include mk/*.mk

print-layers:
	@echo $(HYP_LAYERS)

list-unit-tests:
	@echo $(UNIT_TESTS)

unit: $(addprefix unit-,$(UNIT_TESTS))

# ---- the two README commands -----------------------------------------------
run: all
	$(BUILD)/armhv run

test:
	tests/run

# Benchmarks print figures; they are not tests (docs/benchmarks.md).
bench: all
	bench/boot
	bench/vm
	bench/snapshot

clean:
	rm -rf $(BUILD)
