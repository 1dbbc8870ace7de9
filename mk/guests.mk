# Bare-metal test guests (guests/, docs/guests.md): the library in
# guests/lib and one guest per other folder guests/NAME, each linked into
# $(BUILD)/guests/NAME.elf and the raw $(BUILD)/guests/NAME.bin (which is
# also an arm64 Image). Built by `make all` (and `make guests`); the
# scenarios tests/system/scenarios/guest-qemu-*.sh run them on QEMU.
# Included by the top-level Makefile; uses CC_HYP, OBJCOPY, BUILD, Q.

GUEST_NAMES := $(sort $(filter-out lib,$(notdir $(patsubst %/,%,$(dir $(wildcard guests/*/*.c guests/*/*.S))))))
GUEST_BINS  := $(GUEST_NAMES:%=$(BUILD)/guests/%.bin)
GUEST_LDS   := guests/lib/guest.ld

# Freestanding EL1 code without FP/SIMD (a guest's assembly may use it:
# CPACR_EL1 lets it), frame pointers for the exception report's backtrace.
GUEST_CFLAGS := -std=gnu11 -O2 -g -ffreestanding -nostdlib -mgeneral-regs-only \
	-mcmodel=small -fno-pic -fno-pie -fno-stack-protector -fno-common \
	-fno-omit-frame-pointer -mno-omit-leaf-frame-pointer \
	-fno-asynchronous-unwind-tables -fno-unwind-tables \
	-ffunction-sections -fdata-sections -mno-outline-atomics \
	-fno-tree-loop-distribute-patterns \
	-Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter \
	-Iguests/lib/include
# Code that runs before the MMU is on sees RAM as Device memory: no
# unaligned accesses.
GUEST_EARLY_CFLAGS := -mstrict-align
GUEST_EARLY_SRCS := guests/lib/early.c guests/lib/fdt.c guests/lib/mmu.c
GUEST_ASFLAGS := -g -D__ASSEMBLY__ -Iguests/lib/include
GUEST_LDFLAGS := -nostdlib -static -Wl,--gc-sections -Wl,--build-id=none \
	-Wl,--no-warn-rwx-segments -T $(GUEST_LDS)

GUEST_LIB_SRCS := $(sort $(wildcard guests/lib/*.c guests/lib/*.S))
GUEST_LIB_OBJS := $(patsubst guests/%,$(BUILD)/guests/obj/%.o,$(GUEST_LIB_SRCS))

# Files a guest links from another guest's folder (built once, with that
# folder's flags): bench-lpi uses the its guest's ITS driver.
GUEST_BORROWS_bench-lpi := its/itsdrv.c its/lpi.c its/mem.c

.PHONY: guests
all: guests
guests: $(GUEST_BINS)

$(BUILD)/guests/obj/%.c.o: guests/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC_HYP) $(GUEST_CFLAGS) $(if $(filter $<,$(GUEST_EARLY_SRCS)),$(GUEST_EARLY_CFLAGS)) \
		$(GUEST_CFLAGS_$(firstword $(subst /, ,$*))) -MMD -MP -c $< -o $@

$(BUILD)/guests/obj/%.S.o: guests/%.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	$(Q)$(CC_HYP) $(GUEST_ASFLAGS) -MMD -MP -c $< -o $@

# guest_rules NAME: NAME.elf from guests/NAME/*, what it borrows and the
# library.
define guest_rules
$(1)_OBJS := $$(patsubst guests/%,$$(BUILD)/guests/obj/%.o,$$(sort $$(wildcard guests/$(1)/*.c guests/$(1)/*.S))) \
	$$(GUEST_BORROWS_$(1):%=$$(BUILD)/guests/obj/%.o)
$$(BUILD)/guests/$(1).elf: $$($(1)_OBJS) $$(GUEST_LIB_OBJS) $$(GUEST_LDS)
	@echo "  LD      $$@"
	$$(Q)$$(CC_HYP) $$(GUEST_LDFLAGS) -o $$@ $$($(1)_OBJS) $$(GUEST_LIB_OBJS) -lgcc
-include $$($(1)_OBJS:.o=.d)
endef
$(foreach g,$(GUEST_NAMES),$(eval $(call guest_rules,$(g))))

$(BUILD)/guests/%.bin: $(BUILD)/guests/%.elf
	$(Q)$(OBJCOPY) -O binary $< $@

-include $(GUEST_LIB_OBJS:.o=.d)
