# Host tools: the `armhv` command (tools/armhv) and its unit test.
# Included by the top-level Makefile (-include mk/*.mk).

TOOLS_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wshadow \
	-Wstrict-prototypes -Wconversion -Wformat=2 -D_GNU_SOURCE
ARMHV_TOOL_SRCS := $(sort $(wildcard tools/armhv/*.c))
ARMHV_TOOL_HDRS := $(wildcard tools/armhv/*.h)
# The pure parts (no processes, no I/O) that the unit test links.
ARMHV_TOOL_PURE := tools/armhv/opts.c tools/armhv/qemu_cmd.c \
	tools/armhv/script.c tools/armhv/scan.c tools/armhv/vmsetup.c

tools: $(BUILD)/armhv

$(BUILD)/armhv: $(ARMHV_TOOL_SRCS) $(ARMHV_TOOL_HDRS) mk/tools.mk
	@mkdir -p $(dir $@)
	$(HOSTCC) $(TOOLS_CFLAGS) -o $@ $(ARMHV_TOOL_SRCS)

UNIT_TESTS += armhv_cmd
$(BUILD)/tests/armhv_cmd_test: tests/unit/armhv_cmd_test.c $(ARMHV_TOOL_PURE) $(ARMHV_TOOL_HDRS) mk/tools.mk \
		hyp/mgmt/console.h
	@mkdir -p $(dir $@)
	$(HOSTCC) $(SAN_CFLAGS) -D_GNU_SOURCE -Itools/armhv -o $@ tests/unit/armhv_cmd_test.c $(ARMHV_TOOL_PURE)
.PHONY: unit-armhv_cmd
unit-armhv_cmd: $(BUILD)/tests/armhv_cmd_test
	$<
