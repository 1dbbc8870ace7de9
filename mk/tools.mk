# Host tools: the `armhv` command (tools/armhv) and its unit tests.
# Included by the top-level Makefile (-include mk/*.mk). `armhv snapshot`
# links the snapshot library (hyp/snapshot, mk/snapshot.mk).

TOOLS_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wshadow \
	-Wstrict-prototypes -Wconversion -Wformat=2 -D_GNU_SOURCE
ARMHV_TOOL_SRCS := $(sort $(wildcard tools/armhv/*.c))
ARMHV_TOOL_HDRS := $(wildcard tools/armhv/*.h)
ARMHV_SNAP_LIB  := $(sort $(wildcard hyp/snapshot/*.c))
ARMHV_SNAP_HDRS := $(wildcard hyp/snapshot/*.h)
# The pure parts (no processes, no I/O) that the unit tests link.
ARMHV_TOOL_PURE := tools/armhv/opts.c tools/armhv/qemu_cmd.c \
	tools/armhv/script.c tools/armhv/scan.c tools/armhv/vmsetup.c

tools: $(BUILD)/armhv

$(BUILD)/armhv: $(ARMHV_TOOL_SRCS) $(ARMHV_TOOL_HDRS) $(ARMHV_SNAP_LIB) $(ARMHV_SNAP_HDRS) mk/tools.mk
	@mkdir -p $(dir $@)
	$(HOSTCC) $(TOOLS_CFLAGS) -Ihyp -o $@ $(ARMHV_TOOL_SRCS) $(ARMHV_SNAP_LIB)

# The pure parts' unit tests, tests/unit/armhv_cmd_NAME_test.c for each
# part NAME, run as unit-armhv_cmd_NAME (host_unit in the Makefile; their
# fixtures are tests/unit/armhv_cmd.h); make unit-armhv_cmd runs them all.
ARMHV_CMD_UNITS := opts qemu_cmd script scan vmsetup
$(foreach u,$(ARMHV_CMD_UNITS),$(eval $(call host_unit,armhv_cmd_$(u),$(ARMHV_TOOL_PURE),,\
	$(ARMHV_TOOL_HDRS) mk/tools.mk,,-D_GNU_SOURCE -Itools/armhv)))
# `armhv snapshot` (snapcmd*.c) on disk images the test writes with the
# library.
ARMHV_SNAPCMD_SRCS := $(wildcard tools/armhv/snapcmd*.c)
$(eval $(call host_unit,armhv_cmd_snapshot,$(ARMHV_SNAPCMD_SRCS) $(ARMHV_SNAP_LIB) \
	tests/unit/snapshot_fixture.c,,$(ARMHV_TOOL_HDRS) $(ARMHV_SNAP_HDRS) \
	tests/unit/snapshot_fixture.h mk/tools.mk,,-D_GNU_SOURCE -Itools/armhv))
.PHONY: unit-armhv_cmd
unit-armhv_cmd: $(addprefix unit-armhv_cmd_,$(ARMHV_CMD_UNITS) snapshot)
