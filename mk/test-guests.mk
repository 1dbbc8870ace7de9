# Small test guests in assembly (tests/guests/): raw binaries for QEMU's
# virt machine at EL1 and for armhv VMs alike, built with `make all`.
# Each includes tests/guests/common.inc (its helpers), which is no guest.
TEST_GUEST_SRCS := $(wildcard tests/guests/*.S)
TEST_GUESTS := $(patsubst tests/guests/%.S,$(BUILD)/tests/guests/%.bin,$(TEST_GUEST_SRCS))

all: $(TEST_GUESTS)

$(BUILD)/tests/guests/%.elf: tests/guests/%.S tests/guests/guest.ld tests/guests/common.inc
	@mkdir -p $(dir $@)
	$(Q)$(CC_HYP) -nostdlib -static -Wl,--build-id=none -Wl,--no-warn-rwx-segments \
		-T tests/guests/guest.ld -o $@ $<

$(BUILD)/tests/guests/%.bin: $(BUILD)/tests/guests/%.elf
	$(Q)$(OBJCOPY) -O binary $< $@

# bench-switch.S is bench-exits.S built with SWITCH_ONLY (it includes it).
$(BUILD)/tests/guests/bench-switch.elf: tests/guests/bench-exits.S
