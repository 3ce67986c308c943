// SPDX-License-Identifier: Apache-2.0
/*
 * micacfg, the scenario compiler, run as micacfg runs it (cfg_parse(),
 * place_all(), scenario_check()) on the scenarios of tests/tools/scenarios,
 * compiled by dtc at build time. Every good-*.dts passes; every bad-*.dts
 * fails at the stage, on the node and with the message the table below
 * gives, exactly, so a rule that stops firing, fires elsewhere or starts
 * firing on the wrong node fails a test. Then what the tool writes: the
 * generated tables compiled back with the host compiler and compared byte
 * for byte with the parsed ones, the payload, each guest OS's device tree,
 * and the command line's error format.
 *
 * The scenarios name their image fixtures as build/tests/tools/...; when
 * the build directory is elsewhere the test maps the names to it
 * (TOOLS_FIXTURES). It runs from the repository root (TOOLS_ROOT), which the
 * round trip needs for its include path.
 */
#define _XOPEN_SOURCE 700 /* nftw() */

#include <dlfcn.h>
#include <errno.h>
#include <ftw.h>
#include <libfdt.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "cfg.h"
#include "gen.h"
#include "place.h"

#if !defined(TOOLS_ROOT) || !defined(TOOLS_OUT) || !defined(TOOLS_FIXTURES) || \
	!defined(TOOLS_HOSTCC) || !defined(TOOLS_MICACFG) ||                   \
	!defined(TOOLS_ARCH_INCLUDES)
#error "tests/tools/tools.mk defines TOOLS_ROOT, TOOLS_OUT, TOOLS_FIXTURES, TOOLS_HOSTCC, TOOLS_MICACFG, TOOLS_ARCH_INCLUDES"
#endif

/* What the scenarios write, and where the build put it. */
#define FIX_WRITTEN "build/tests/tools/"
#define FIX TOOLS_FIXTURES "/"

enum stage {
	PASSED = 0,
	PARSE = 1, /* cfg_parse(): syntax, types, names, references */
	PLACE = 2, /* place_all(): image files, placement */
	CHECK = 3, /* scenario_check(): the rules the hypervisor checks too */
};

static const char *const stage_names[] = { "passed", "cfg_parse", "place_all",
					   "scenario_check" };

struct compiled {
	struct cfg cfg;
	struct placed_images pi;
	struct scn_error err;
	enum stage failed;
};

/* --- helpers ------------------------------------------------------------- */

/* Reads path whole into a buffer of exactly its size; fails the test if it cannot. */
static uint8_t *read_whole(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (f == NULL) {
		fail_msg("cannot open %s: %s", path, strerror(errno));
	}
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	assert_int_equal(fseek(f, 0, SEEK_SET), 0);
	buf = malloc((size_t)n);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*size = (size_t)n;
	return buf;
}

static uint8_t *load_dtb(const char *name, size_t *size)
{
	char path[CFG_PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s.dtb", TOOLS_OUT, name);
	return read_whole(path, size);
}

/* build/tests/tools/X -> TOOLS_FIXTURES/X, in place. */
static void map_fixture(char *path, size_t size)
{
	char tmp[CFG_PATH_MAX];

	if (strncmp(path, FIX_WRITTEN, strlen(FIX_WRITTEN)) == 0) {
		snprintf(tmp, sizeof(tmp), "%s%s", FIX,
			 path + strlen(FIX_WRITTEN));
		snprintf(path, size, "%s", tmp);
	}
}

/* Compiles scenario `name` as micacfg does, stopping at the first error. */
static struct compiled *compile(const char *name)
{
	struct compiled *c = calloc(1, sizeof(*c));
	uint8_t *blob;
	size_t size;

	assert_non_null(c);
	blob = load_dtb(name, &size);
	snprintf(c->cfg.source, sizeof(c->cfg.source), "%s.dts", name);
	if (!cfg_parse(blob, size, &c->cfg, &c->err)) {
		c->failed = PARSE;
	} else {
		for (uint32_t i = 0; i < c->cfg.scn.partition_count; i++) {
			struct cfg_image_files *f = &c->cfg.extra[i].files;

			map_fixture(f->kernel, sizeof(f->kernel));
			map_fixture(f->initramfs, sizeof(f->initramfs));
			map_fixture(f->elf, sizeof(f->elf));
			map_fixture(f->raw, sizeof(f->raw));
		}
		if (!place_all(&c->cfg, &c->pi, &c->err)) {
			c->failed = PLACE;
		} else if (!scenario_check(&c->cfg.scn, &c->err)) {
			c->failed = CHECK;
		}
	}
	free(blob);
	return c;
}

static struct compiled *compile_good(const char *name)
{
	struct compiled *c = compile(name);

	if (c->failed != PASSED) {
		fail_msg("%s.dts: %s: %s: %s", name, stage_names[c->failed],
			 c->err.path, c->err.msg);
	}
	return c;
}

static int rm_entry(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void rm_tree(const char *dir)
{
	assert_int_equal(nftw(dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS), 0);
}

/* --- bad scenarios: one rule each ------------------------------------------ */

struct bad {
	const char *name; /* tests/tools/scenarios/<name>.dts */
	enum stage stage;
	const char *path;
	const char *msg;
};

#define EMU_WINDOW                                                         \
	"the emulated devices (0x8000000-0x81fffff, 0x9000000-0x9000fff, " \
	"0x9100000-0x910ffff)"
#define NOT_SHARED "and they are not declared shared with each other"
#define NOT_ELF "is not a static AArch64 ELF64 executable"
#define ENOENT_MSG ": No such file or directory"
#define VCPU_NAMES "vCPU nodes are named vcpu0, vcpu1, ... in order; expected "
#define CHAN_IPA                                                     \
	"ipa collides with memory, another channel or the emulated " \
	"devices of a partition it connects"
#define RANGE_BAD ": not page aligned, empty or wrapping"

static struct bad bad_cases[] = {
	/* root */
	{ "bad-root-unknown-prop", PARSE, "/", "unknown property \"modle\"" },
	{ "bad-root-unknown-node", PARSE, "/", "unknown node \"boards\"" },
	{ "bad-compatible-missing", PARSE, "/",
	  "missing property \"compatible\"" },
	{ "bad-compatible-wrong", PARSE, "/",
	  "compatible is \"mica,scenario-2\", not \"mica,scenario-1\"" },
	{ "bad-address-cells", PARSE, "/", "#address-cells must be 2" },
	{ "bad-size-cells", PARSE, "/", "#size-cells must be 2" },
	{ "bad-no-board", PARSE, "/", "missing node \"board\"" },
	{ "bad-no-partitions", PARSE, "/partitions", "no partitions" },
	{ "bad-duplicate-container", PARSE, "/",
	  "node \"partitions@1\" repeats \"partitions\"" },
	{ "bad-duplicate-memory", PARSE, "/partitions/pin",
	  "node \"memory@1\" repeats \"memory\"" },

	/* board */
	{ "bad-board-unknown-prop", PARSE, "/board",
	  "unknown property \"cpu\"" },
	{ "bad-board-unknown-node", PARSE, "/board", "unknown node \"uart\"" },
	{ "bad-board-cpus-0", CHECK, "/board", "cpus = 0; 1 to 8 allowed" },
	{ "bad-board-cpus-9", CHECK, "/board", "cpus = 9; 1 to 8 allowed" },
	{ "bad-board-gic-4", CHECK, "/board", "gic = 4; 2 or 3 allowed" },
	{ "bad-board-memory-odd", PARSE, "/board",
	  "\"memory\" must be (base size) pairs" },
	{ "bad-board-memory-unaligned", CHECK, "/board",
	  "memory range 0 (0x40000800, size 0x40000000) is empty, not page "
	  "aligned or wraps" },
	{ "bad-board-hypervisor-outside", CHECK, "/board",
	  "hypervisor memory 0x20000000 size 0x400000 is not a page-aligned "
	  "range inside the board's RAM" },
	{ "bad-board-reserved-5", PARSE, "/board",
	  "\"reserved\" must hold 0 to 8 values of two cells (<hi lo>), holds "
	  "80 bytes" },
	{ "bad-board-platform-2-strings", PARSE, "/board",
	  "\"platform\" must be one string" },

	/* partitions */
	{ "bad-partitions-prop", PARSE, "/partitions",
	  "unknown property \"count\"" },
	{ "bad-partition-unknown-prop", PARSE, "/partitions/pin",
	  "unknown property \"fault-polciy\"" },
	{ "bad-partition-unknown-node", PARSE, "/partitions/pin",
	  "unknown node \"memroy\"" },
	{ "bad-partition-kind", PARSE, "/partitions/pin",
	  "kind \"rtos\" is neither \"guest-os\" nor \"native\"" },
	{ "bad-partition-kind-cell", PARSE, "/partitions/pin",
	  "\"kind\" must be one string" },
	{ "bad-partition-fault-policy", PARSE, "/partitions/pin",
	  "fault-policy \"reboot\" is not stop, restart or log" },
	{ "bad-partition-restart-limit-cells", PARSE, "/partitions/pin",
	  "\"restart-limit\" must be two cells (<count window-ms>), is 4 "
	  "bytes" },
	{ "bad-partition-restart-limit-17", CHECK, "/partitions/pin",
	  "restart-limit of 17 restarts; at most 16" },
	{ "bad-partition-secure-input-value", PARSE, "/partitions/pin",
	  "\"secure-input\" takes no value" },
	{ "bad-partition-secure-input-twice", CHECK, "/partitions/pin",
	  "secure-input: partition linux has it already; one at most, for the "
	  "secure attention key" },
	{ "bad-partition-restart-window-0", CHECK, "/partitions/pin",
	  "restart-limit window 0 ms; 1 to 86400000 allowed" },
	{ "bad-partition-restart-window-long", CHECK, "/partitions/pin",
	  "restart-limit window 86400001 ms; 1 to 86400000 allowed" },
	{ "bad-partition-name-upper", PARSE, "/partitions/Pin",
	  "partition names are 1 to 15 of [a-z0-9-]" },
	{ "bad-partition-name-long", PARSE, "/partitions/abcdefghijklmnop",
	  "partition names are 1 to 15 of [a-z0-9-]" },
	{ "bad-partition-duplicate", PARSE, "/partitions/a@2",
	  "duplicate partition name \"a\"" },
	{ "bad-partition-no-vcpus", PARSE, "/partitions/pin",
	  "missing node \"vcpus\"" },
	{ "bad-partition-no-image", PARSE, "/partitions/pin",
	  "missing node \"image\"" },
	{ "bad-partitions-9", PARSE, "/partitions/p8",
	  "more than 8 partitions" },

	/* vcpus */
	{ "bad-vcpus-prop", PARSE, "/partitions/pin/vcpus",
	  "unknown property \"count\"" },
	{ "bad-vcpu-unknown-prop", PARSE, "/partitions/pin/vcpus/vcpu0",
	  "unknown property \"prioirty\"" },
	{ "bad-vcpu-unknown-node", PARSE, "/partitions/pin/vcpus/vcpu0",
	  "unknown node \"core\"" },
	{ "bad-vcpu-misnamed", PARSE, "/partitions/linux/vcpus/cpu1",
	  VCPU_NAMES "\"vcpu1\"" },
	{ "bad-vcpu-order", PARSE, "/partitions/linux/vcpus/vcpu1",
	  VCPU_NAMES "\"vcpu0\"" },
	{ "bad-vcpu-gap", PARSE, "/partitions/linux/vcpus/vcpu3",
	  VCPU_NAMES "\"vcpu2\"" },
	{ "bad-vcpus-9", PARSE, "/partitions/linux/vcpus/vcpu8",
	  "more than 8 vCPUs" },
	{ "bad-vcpus-none", CHECK, "/partitions/pin",
	  "0 vCPUs; 1 to 8 allowed" },
	{ "bad-vcpu-cpu-missing", CHECK, "/partitions/pin/vcpus/vcpu0",
	  "cpu = 4, but the board has CPUs 0 to 3" },
	{ "bad-vcpu-cpu-missing-prop", PARSE, "/partitions/pin/vcpus/vcpu0",
	  "missing property \"cpu\"" },
	{ "bad-vcpu-priority-0", CHECK, "/partitions/pin/vcpus/vcpu0",
	  "priority = 0; 1 to 99 allowed" },
	{ "bad-vcpu-priority-100", CHECK, "/partitions/pin/vcpus/vcpu0",
	  "priority = 100; 1 to 99 allowed" },
	{ "bad-vcpu-priority-string", PARSE, "/partitions/pin/vcpus/vcpu0",
	  "\"priority\" must be one cell (<n>), is 5 bytes" },
	{ "bad-vcpu-priority-3-bytes", PARSE, "/partitions/pin/vcpus/vcpu0",
	  "\"priority\" must be one cell (<n>), is 3 bytes" },
	{ "bad-vcpu-priority-2-cells", PARSE, "/partitions/pin/vcpus/vcpu0",
	  "\"priority\" must be one cell (<n>), is 8 bytes" },
	{ "bad-vcpu-budget-no-period", CHECK, "/partitions/pin/vcpus/vcpu0",
	  "budget-us and period-us go together" },
	{ "bad-vcpu-period-no-budget", CHECK, "/partitions/pin/vcpus/vcpu0",
	  "budget-us and period-us go together" },
	{ "bad-vcpu-budget-over-period", CHECK, "/partitions/pin/vcpus/vcpu0",
	  "budget-us = 2000 exceeds period-us = 1000" },
	{ "bad-vcpu-overcommit", CHECK, "/partitions/pin/vcpus/vcpu0",
	  "overcommits CPU 2: the budgets on it add up to more than 100%" },
	{ "bad-vcpu-cpu-overfilled", CHECK, "/partitions/rt/vcpus/vcpu0",
	  "overfills CPU 2: at most 8 vCPUs share a CPU" },

	/* direct vCPUs (docs/direct.md) */
	{ "bad-direct-value", PARSE, "/partitions/pin/vcpus/vcpu0",
	  "\"direct\" takes no value" },
	{ "bad-direct-ack-alone", CHECK, "/partitions/pin/vcpus/vcpu0",
	  "flags 0x2; direct-ack-apr goes with direct" },
	{ "bad-direct-no-ack", CHECK, "/partitions/pin/vcpus/vcpu0",
	  "direct lets this vCPU hold back mica's interrupts on its CPU "
	  "(ICC_AP1R<n>_EL1, docs/direct.md): add direct-ack-apr to accept "
	  "that" },
	{ "bad-direct-gic2", CHECK, "/partitions/pin/vcpus/vcpu0",
	  "direct needs gic = 3: on GICv2 the partition would get mica's own "
	  "interrupts' CPU interface (docs/direct.md)" },
	{ "bad-direct-two-vcpus", CHECK, "/partitions/linux/vcpus/vcpu0",
	  "direct needs a partition of one vCPU (interrupts between its "
	  "vCPUs would be virtual, never taken)" },
	{ "bad-direct-device-irqs", CHECK, "/partitions/rt/vcpus/vcpu0",
	  "direct does not deliver device interrupts yet: its devices may "
	  "have no irqs" },
	{ "bad-direct-channel", CHECK, "/partitions/pin/vcpus/vcpu0",
	  "direct takes no doorbell: its partition may have no channel" },
	{ "bad-direct-shared-cpu", CHECK, "/partitions/pin/vcpus/vcpu0",
	  "direct needs its CPU alone; another vCPU shares it" },

	/* memory */
	{ "bad-memory-prop", PARSE, "/partitions/pin/memory",
	  "unknown property \"size\"" },
	{ "bad-region-unknown-prop", PARSE, "/partitions/pin/memory/ram",
	  "unknown property \"shared-wtih\"" },
	{ "bad-region-unknown-node", PARSE, "/partitions/pin/memory/ram",
	  "unknown node \"part\"" },
	{ "bad-region-ipa-1-cell", PARSE, "/partitions/pin/memory/ram",
	  "\"ipa\" must hold 1 to 1 values of two cells (<hi lo>), holds 4 bytes" },
	{ "bad-region-read-only-value", PARSE, "/partitions/pin/memory/ram",
	  "\"read-only\" takes no value" },
	{ "bad-region-name", PARSE, "/partitions/pin/memory/ram_2",
	  "region names are 1 to 15 of [a-z0-9-]" },
	{ "bad-device-name", PARSE, "/partitions/rt/devices/gpio_2",
	  "device names are 1 to 15 of [a-z0-9-]" },
	{ "bad-channel-name", PARSE, "/channels/Linux-pin",
	  "channel names are 1 to 15 of [a-z0-9-]" },
	{ "bad-right-name", PARSE, "/rights/rt.pin",
	  "right names are 1 to 15 of [a-z0-9-]" },
	{ "bad-regions-9", PARSE, "/partitions/pin/memory/r8",
	  "more than 8 memory regions" },
	{ "bad-region-none", CHECK, "/partitions/pin",
	  "0 memory regions; 1 to 8 allowed" },
	{ "bad-region-outside-ram", CHECK, "/partitions/pin/memory/ram",
	  "phys 0x100000000-0x1001fffff is outside the board's RAM" },
	{ "bad-region-in-hypervisor", CHECK, "/partitions/pin/memory/ram",
	  "phys 0x40200000-0x403fffff is inside the hypervisor's memory "
	  "(0x40200000-0x405fffff)" },
	/* The payload: linux 128 KiB + 4 KiB + 64 KiB, rt 4 KiB, pin 4 KiB. */
	{ "bad-region-in-payload", CHECK, "/partitions/pin/memory/ram",
	  "phys 0x40600000-0x407fffff overlaps the partition images loaded "
	  "after the hypervisor (0x40600000-0x40632fff)" },
	{ "bad-region-duplicate", CHECK, "/partitions/pin/memory/ram",
	  "duplicate region name" },
	{ "bad-device-duplicate", CHECK, "/partitions/linux/devices/virtio0",
	  "duplicate device name" },
	{ "bad-region-overlap", CHECK, "/partitions/pin/memory/ram",
	  "overlaps /partitions/linux/memory/shm (0x5ff00000-0x5ff0ffff) " NOT_SHARED },
	{ "bad-region-shared-one-side", CHECK, "/partitions/rt/memory/shm",
	  "overlaps /partitions/linux/memory/shm (0x5ff00000-0x5ff0ffff) " NOT_SHARED },
	{ "bad-region-shared-other", CHECK, "/partitions/rt/memory/shm",
	  "overlaps /partitions/linux/memory/shm (0x5ff00000-0x5ff0ffff) " NOT_SHARED },
	{ "bad-region-shared-unknown", PARSE, "/partitions/linux/memory/shm",
	  "shared-with \"rtt\" is not a partition" },
	{ "bad-region-shared-self", PARSE, "/partitions/linux/memory/shm",
	  "shared-with names its own partition" },
	{ "bad-region-unaligned", CHECK, "/partitions/pin/memory/ram",
	  "ipa 0x40000800, phys 0x50000000, size 0x200000" RANGE_BAD },
	{ "bad-region-unaligned-phys", CHECK, "/partitions/pin/memory/ram",
	  "ipa 0x40000000, phys 0x50000800, size 0x200000" RANGE_BAD },
	{ "bad-region-unaligned-placed", PLACE, "/partitions/pin/memory/ram",
	  "size 0x1800 is not a positive multiple of 4 KiB" },
	{ "bad-region-zero", CHECK, "/partitions/pin/memory/ram",
	  "ipa 0x40000000, phys 0x50000000, size 0x0" RANGE_BAD },
	{ "bad-region-zero-placed", PLACE, "/partitions/pin/memory/ram",
	  "size 0x0 is not a positive multiple of 4 KiB" },
	{ "bad-region-huge-placed", PLACE, "/partitions/pin/memory/ram",
	  "no free RAM left for 17592186044415 MiB" },
	{ "bad-region-wraps", CHECK, "/partitions/pin/memory/ram",
	  "ipa 0xfffffffffff00000, phys 0x50000000, size 0x200000" RANGE_BAD },
	{ "bad-region-vdev-window", CHECK, "/partitions/pin/memory/ram",
	  "ipa 0x9000000-0x91fffff overlaps " EMU_WINDOW },
	{ "bad-region-ipa-overlap", CHECK, "/partitions/pin/memory/more",
	  "ipa 0x40100000-0x40100fff overlaps region ram" },

	/* devices */
	{ "bad-devices-prop", PARSE, "/partitions/rt/devices",
	  "unknown property \"count\"" },
	{ "bad-device-unknown-prop", PARSE, "/partitions/rt/devices/gpio",
	  "unknown property \"irq\"" },
	{ "bad-device-unknown-node", PARSE, "/partitions/rt/devices/gpio",
	  "unknown node \"port\"" },
	{ "bad-device-no-compatible", PARSE, "/partitions/rt/devices/gpio",
	  "\"compatible\" must be one or more strings" },
	{ "bad-devices-9", PARSE, "/partitions/rt/devices/dev8",
	  "more than 8 devices" },
	{ "bad-device-irqs-5", PARSE, "/partitions/rt/devices/gpio",
	  "\"irqs\" must hold 1 to 4 cells" },
	{ "bad-device-mmio-twice", CHECK, "/partitions/pin/devices/gpio2",
	  "MMIO 0xa001000-0xa001fff shares a 4 KiB page with "
	  "/partitions/rt/devices/gpio" },
	{ "bad-device-page-shared", CHECK, "/partitions/pin/devices/gpio2",
	  "MMIO 0xa001200-0xa0013ff shares a 4 KiB page with "
	  "/partitions/rt/devices/gpio" },
	{ "bad-device-irq-twice", CHECK, "/partitions/pin/devices/gpio2",
	  "interrupt 48 is owned by /partitions/linux/devices/virtio0 too" },
	{ "bad-device-irq-repeated", CHECK, "/partitions/rt/devices/gpio",
	  "interrupt 49 is listed twice" },
	{ "bad-device-irq-ppi", CHECK, "/partitions/rt/devices/gpio",
	  "interrupt 31 is not an SPI (32 to 1019)" },
	{ "bad-device-irq-1020", CHECK, "/partitions/rt/devices/gpio",
	  "interrupt 1020 is not an SPI (32 to 1019)" },
	{ "bad-device-in-ram", CHECK, "/partitions/rt/devices/gpio",
	  "reg 0x40000000-0x40000fff is RAM, not MMIO" },
	{ "bad-device-vdev-window", CHECK, "/partitions/rt/devices/gpio",
	  "mmio 0x8100000-0x8100fff is in " EMU_WINDOW },
	{ "bad-device-vgpio-window", CHECK, "/partitions/rt/devices/gpio",
	  "mmio 0x910f000-0x910ffff is in " EMU_WINDOW },
	{ "bad-device-reserved", CHECK, "/partitions/rt/devices/gpio",
	  "reg 0xc000000-0xc000fff is reserved for the hypervisor" },
	{ "bad-device-mmio-wraps", CHECK, "/partitions/rt/devices/gpio",
	  "reg is empty or wraps" },
	{ "bad-device-irqs-empty", PARSE, "/partitions/rt/devices/gpio",
	  "\"irqs\" must hold 1 to 4 cells" },

	/* image */
	{ "bad-image-unknown-prop", PARSE, "/partitions/linux/image",
	  "unknown property \"cmdlnie\"" },
	{ "bad-image-unknown-node", PARSE, "/partitions/linux/image",
	  "unknown node \"extra\"" },
	{ "bad-image-native-kernel", PARSE, "/partitions/rt/image",
	  "unknown property \"kernel\"" },
	{ "bad-image-guest-elf", PARSE, "/partitions/linux/image",
	  "unknown property \"elf\"" },
	{ "bad-image-no-kernel", PARSE, "/partitions/linux/image",
	  "missing property \"kernel\"" },
	{ "bad-image-kernel-missing", PLACE, "/partitions/linux/image",
	  "kernel file \"" FIX "no-Image\"" ENOENT_MSG },
	{ "bad-image-initramfs-missing", PLACE, "/partitions/linux/image",
	  "initramfs file \"" FIX "no-initramfs\"" ENOENT_MSG },
	{ "bad-image-elf-missing", PLACE, "/partitions/rt/image",
	  "elf file \"" FIX "no.elf\"" ENOENT_MSG },
	{ "bad-image-kernel-not-image", PLACE, "/partitions/linux/image",
	  "kernel file \"" FIX "tiny.elf\" is not an arm64 Linux Image (no "
	  "\"ARM\\x64\" magic at offset 56)" },
	{ "bad-image-elf-x86", PLACE, "/partitions/rt/image",
	  "elf file \"" FIX "tiny-x86.elf\" " NOT_ELF },
	{ "bad-image-elf-not-elf", PLACE, "/partitions/rt/image",
	  "elf file \"" FIX "Image\" " NOT_ELF },
	{ "bad-image-too-large", PLACE, "/partitions/linux/image",
	  "the kernel (131072 bytes), initramfs (3000 bytes) and device tree "
	  "do not fit in any memory region" },
	{ "bad-image-too-large-load", CHECK, "/partitions/linux/image",
	  "the image (131072 bytes at 0x40000000) does not fit in the "
	  "partition's memory" },
	{ "bad-image-elf-load", PLACE, "/partitions/pin/image",
	  "load 0x40200000, but the ELF is linked to run at 0x40000000" },
	{ "bad-image-elf-outside", CHECK, "/partitions/pin/image",
	  "the image (4096 bytes at 0x40000000) does not fit in the "
	  "partition's memory" },

	{ "bad-image-raw-and-kernel", PARSE, "/partitions/linux/image",
	  "\"kernel\" and \"raw\" exclude each other" },
	{ "bad-image-raw-no-load", PARSE, "/partitions/linux/image",
	  "\"raw\" needs \"load\" and takes no \"initramfs\"" },
	{ "bad-image-raw-initramfs", PARSE, "/partitions/linux/image",
	  "\"raw\" needs \"load\" and takes no \"initramfs\"" },
	{ "bad-image-entry-kernel", PARSE, "/partitions/linux/image",
	  "\"entry\" is for \"raw\" only: an Image starts at its load "
	  "address" },
	{ "bad-image-native-raw", PARSE, "/partitions/rt/image",
	  "unknown property \"raw\"" },
	{ "bad-image-raw-missing", PLACE, "/partitions/linux/image",
	  "raw file \"" FIX "no-raw.bin\"" ENOENT_MSG },
	{ "bad-image-raw-entry-outside", CHECK, "/partitions/linux/image",
	  "entry 0x40201388 is outside the image" },
	{ "bad-image-dtb-unaligned", PLACE, "/partitions/linux/image",
	  "dtb 0x40f00800 is not 4 KiB aligned" },
	{ "bad-image-dtb-overlaps", CHECK, "/partitions/linux/image",
	  "the device tree overlaps the image" },
	{ "bad-image-dtb-outside", CHECK, "/partitions/linux/image",
	  "the device tree (65536 bytes at 0x40ff8000) does not fit in the "
	  "partition's memory" },

	/* channels */
	{ "bad-channels-prop", PARSE, "/channels",
	  "unknown property \"count\"" },
	{ "bad-channel-unknown-prop", PARSE, "/channels/linux-rt",
	  "unknown property \"doorbell\"" },
	{ "bad-channel-unknown-node", PARSE, "/channels/linux-rt",
	  "unknown node \"ring\"" },
	{ "bad-channel-unknown-partition", PARSE, "/channels/linux-rt",
	  "between \"rtt\" is not a partition" },
	{ "bad-channel-self", CHECK, "/channels/linux-rt",
	  "both ends are partition rt" },
	{ "bad-channel-one-end", PARSE, "/channels/linux-rt",
	  "\"between\" must be two strings" },
	{ "bad-channel-duplicate", PARSE, "/channels/c@2",
	  "duplicate channel name \"c\"" },
	{ "bad-channel-direction", PARSE, "/channels/linux-rt",
	  "direction \"up\" is not both, a-to-b or b-to-a" },
	{ "bad-channel-size", PLACE, "/channels/linux-rt",
	  "size 0x1800 is not a positive multiple of 4 KiB" },
	{ "bad-channel-huge", PLACE, "/channels/linux-rt",
	  "no free RAM left for the channel" },
	{ "bad-channel-ipa-in-memory", CHECK, "/channels/linux-rt", CHAN_IPA },
	{ "bad-channel-ipa-vdev", CHECK, "/channels/linux-rt", CHAN_IPA },
	{ "bad-channel-doorbell-ppi", CHECK, "/channels/linux-rt",
	  "doorbells must be SPIs (32 to 1019)" },
	{ "bad-channel-doorbell-taken", CHECK, "/channels/linux-rt",
	  "a doorbell is already an interrupt of the partition it rings" },
	{ "bad-channel-size-both", CHECK, "/channels/linux-rt",
	  "size 0x3000: at least 8 KiB, a multiple of 8 KiB both ways" },
	{ "bad-channel-size-one-way", CHECK, "/channels/pin-linux",
	  "size 0x1000: at least 8 KiB, a multiple of 8 KiB both ways" },
	{ "bad-channels-17", PARSE, "/channels/c15", "more than 16 channels" },

	/* rights */
	{ "bad-rights-prop", PARSE, "/rights", "unknown property \"count\"" },
	{ "bad-right-unknown-prop", PARSE, "/rights/linux-rt",
	  "unknown property \"alow\"" },
	{ "bad-right-unknown-node", PARSE, "/rights/linux-rt",
	  "unknown node \"more\"" },
	{ "bad-right-unknown-partition", PARSE, "/rights/linux-rt",
	  "object \"rtt\" is not a partition" },
	{ "bad-right-unknown-subject", PARSE, "/rights/linux-rt",
	  "subject \"linx\" is not a partition" },
	{ "bad-right-self", CHECK, "/rights/linux-rt",
	  "a partition's rights over itself are not granted this way" },
	{ "bad-right-unknown-allow", PARSE, "/rights/linux-rt",
	  "\"allow\": unknown right \"reboot\" (start, stop, stage, switch, wipe)" },
	{ "bad-right-duplicate", PARSE, "/rights/r@2",
	  "duplicate right name \"r\"" },
	{ "bad-rights-17", PARSE, "/rights/r16", "more than 16 rights" },

	/* version and update */
	{ "bad-version-3-cells", PARSE, "/partitions/pin",
	  "\"version\" must be one or two cells (<n> or <hi lo>), is 12 "
	  "bytes" },
	{ "bad-update-unknown-prop", PARSE, "/partitions/pin/update",
	  "unknown property \"dedline-ms\"" },
	{ "bad-update-no-deadline", PARSE, "/partitions/pin/update",
	  "missing property \"deadline-ms\"" },
	{ "bad-update-downgrade-value", PARSE, "/partitions/pin/update",
	  "\"allow-downgrade\" takes no value" },
	{ "bad-update-image-size", PLACE, "/partitions/pin/update",
	  "image-size 0x1800 is not a positive multiple of 4 KiB" },
	{ "bad-update-huge", PLACE, "/partitions/pin/update",
	  "no free RAM left for two image slots of 0x40000000 bytes" },
	{ "bad-update-guest-os", CHECK, "/partitions/linux/update",
	  "only native partitions are updatable" },
	{ "bad-update-priority", CHECK, "/partitions/pin/update",
	  "standby-priority = 80; 1 to 79 allowed (below the partition's "
	  "vCPUs)" },
	{ "bad-update-priority-0", CHECK, "/partitions/pin/update",
	  "standby-priority = 0; 1 to 79 allowed (below the partition's "
	  "vCPUs)" },
	{ "bad-update-deadline-0", CHECK, "/partitions/pin/update",
	  "deadline-ms = 0, probation-ms = 1000; 1 and 0 to 600000 allowed" },
	{ "bad-update-probation-long", CHECK, "/partitions/pin/update",
	  "deadline-ms = 2000, probation-ms = 600001; 1 and 0 to 600000 "
	  "allowed" },
	{ "bad-update-shared", CHECK, "/partitions/rt/update",
	  "region shm is shared; an updatable partition's memory must be its "
	  "own" },
};

static void scenario__is_rejected(void **state)
{
	const struct bad *b = *state;
	struct compiled *c = compile(b->name);

	if (c->failed != b->stage) {
		fail_msg("%s.dts: expected %s to reject it, but %s%s%s%s%s",
			 b->name, stage_names[b->stage],
			 c->failed == PASSED ? "it passed" :
					       stage_names[c->failed],
			 c->failed == PASSED ? "" : " did: ", c->err.path,
			 c->failed == PASSED ? "" : ": ", c->err.msg);
	}
	assert_string_equal(c->err.path, b->path);
	assert_string_equal(c->err.msg, b->msg);
	free(c);
}

/* --- good scenarios ---------------------------------------------------------- */

static void good__passes_with_what_it_says(void **state)
{
	struct compiled *c = compile_good("good");
	const struct scenario *s = &c->cfg.scn;
	const struct scn_partition *linux_p = &s->partitions[0];
	const struct scn_partition *rt = &s->partitions[1];
	const struct scn_partition *pin = &s->partitions[2];

	(void)state;
	assert_int_equal(s->partition_count, 3);
	assert_int_equal(s->channel_count, 2);
	assert_int_equal(s->right_count, 1);
	assert_string_equal(linux_p->name, "linux");
	assert_int_equal(linux_p->kind, SCN_KIND_GUEST_OS);
	assert_int_equal(linux_p->fault_policy, SCN_FAULT_RESTART);
	assert_int_equal(pin->fault_policy, SCN_FAULT_STOP); /* the default */
	assert_int_equal(pin->flags, SCN_PART_SECURE_INPUT);
	assert_int_equal(linux_p->flags, 0);
	assert_int_equal(linux_p->restart_max, 5);
	assert_int_equal(linux_p->restart_window_ms, 1000);
	assert_int_equal(pin->restart_max, SCN_RESTART_MAX_DEFAULT);
	assert_int_equal(pin->restart_window_ms, SCN_RESTART_WINDOW_DEFAULT_MS);
	assert_int_equal(linux_p->vcpu_count, 2);
	/* The shared page: both sides name each other, rt maps it read-only. */
	assert_int_equal(linux_p->regions[1].flags, SCN_MEM_SHARED);
	assert_int_equal(linux_p->regions[1].shared_with, 1);
	assert_int_equal(rt->regions[1].flags,
			 SCN_MEM_SHARED | SCN_MEM_READ_ONLY);
	assert_int_equal(rt->regions[1].shared_with, 0);
	assert_int_equal(rt->vcpus[0].budget_us, 200);
	assert_int_equal(rt->vcpus[0].period_us, 1000);
	assert_int_equal(rt->devices[0].irq_count, 2);
	assert_int_equal(c->cfg.extra[1].compat_len[0],
			 sizeof("arm,pl061\0arm,primecell"));
	/* Images: the placed kernel at the region's start, text_offset 0. */
	assert_int_equal(linux_p->image.kind, SCN_IMAGE_LINUX);
	assert_int_equal(linux_p->image.load_ipa, 0x40000000);
	assert_int_equal(linux_p->image.blob_size, 0x20000);
	assert_int_equal(linux_p->image.initrd_size, 3000);
	assert_int_equal(linux_p->image.initrd_ipa, 0x40200000);
	assert_int_equal(linux_p->image.dtb_ipa, 0x40400000);
	assert_string_equal(linux_p->image.cmdline, "console=ttyAMA0");
	assert_int_equal(rt->image.kind, SCN_IMAGE_ELF);
	assert_int_equal(rt->image.entry_ipa, 0x40000000);
	assert_int_equal(pin->image.load_ipa, 0x40000000);
	/* The payload follows the hypervisor; placed memory avoids it. */
	assert_int_equal(s->board.payload.base, 0x40600000);
	assert_int_equal(s->board.payload.size, 0x33000);
	assert_true(linux_p->regions[0].pa >= 0x40633000);
	assert_int_equal(linux_p->regions[0].pa % 0x200000, 0);
	assert_int_equal(s->channels[1].direction, SCN_DIR_A_TO_B);
	assert_int_equal(s->channels[1].a, 2);
	assert_int_equal(s->rights[0].allow, SCN_RIGHT_START | SCN_RIGHT_STOP);
	free(c);
}

static void good_update__places_the_standby_and_two_slots(void **state)
{
	struct compiled *c = compile_good("good-update");
	const struct scn_partition *pin = &c->cfg.scn.partitions[2];
	const struct scn_update *u = &pin->update;

	(void)state;
	assert_int_equal(pin->flags, SCN_PART_SECURE_INPUT |
					     SCN_PART_UPDATABLE |
					     SCN_PART_DOWNGRADE);
	assert_true(pin->version == 0x100000002ull);
	assert_int_equal(c->cfg.scn.partitions[0].version, 1); /* default */
	assert_int_equal(u->standby_priority, 5);
	assert_int_equal(u->deadline_ms, 2000);
	assert_int_equal(u->probation_ms, 1000);
	assert_int_equal(u->image_size, 0x100000);
	/* Placed apart from the running memory and from each other. */
	assert_true(u->standby_pa[0] != 0 && u->standby_pa[0] % 0x1000 == 0);
	assert_true(u->standby_pa[0] != pin->regions[0].pa);
	assert_true(u->slot_pa[0] != 0 && u->slot_pa[1] != 0 &&
		    u->slot_pa[0] != u->slot_pa[1]);
	free(c);
}

/*
 * The rules the hypervisor checks again at boot on tables that micacfg
 * did not place: a standby copy or slot on another's memory, or outside
 * RAM.
 */
static void scenario_check__refuses_update_memory_that_is_not_free(void **state)
{
	struct compiled *c = compile_good("good-update");
	struct scenario *s = &c->cfg.scn;
	struct scn_update *u = &s->partitions[2].update;
	uint64_t slot = u->slot_pa[1];
	struct scn_error err;

	(void)state;
	u->slot_pa[1] = s->partitions[0].regions[0].pa;
	assert_false(scenario_check(s, &err));
	assert_string_equal(err.path, "/partitions/pin/update");
	assert_string_equal(err.msg,
			    "standby memory or image slot 0x40800000 size "
			    "0x100000 overlaps other memory of the scenario");
	u->slot_pa[1] = u->slot_pa[0]; /* both slots in one place */
	assert_false(scenario_check(s, &err));
	u->slot_pa[1] = s->channels[0].pa;
	assert_false(scenario_check(s, &err));
	u->slot_pa[1] = 0x100000000ull;
	assert_false(scenario_check(s, &err));
	assert_string_equal(err.msg,
			    "standby memory or image slot 0x100000000 size "
			    "0x100000 is not page-aligned partition RAM");
	u->slot_pa[1] = slot;
	u->standby_pa[0] = s->partitions[1].regions[0].pa;
	assert_false(scenario_check(s, &err));
	u->standby_pa[0] = u->slot_pa[0];
	assert_false(scenario_check(s, &err));
	free(c);
}

static void good_gic2__passes(void **state)
{
	struct compiled *c = compile_good("good-gic2");

	(void)state;
	assert_int_equal(c->cfg.scn.board.arch.gic_version, 2);
	free(c);
}

static void good_direct__sets_the_vcpu_flags(void **state)
{
	struct compiled *c = compile_good("good-direct");

	(void)state;
	assert_int_equal(c->cfg.scn.partitions[2].vcpus[0].flags,
			 SCN_VCPU_DIRECT | SCN_VCPU_DIRECT_ACK);
	assert_int_equal(c->cfg.scn.partitions[0].vcpus[0].flags, 0);
	free(c);
}

static void good_budget_100__passes_exactly_full_cpu(void **state)
{
	struct compiled *c = compile_good("good-budget-100");

	(void)state;
	assert_int_equal(c->cfg.scn.partitions[1].vcpus[0].cpu, 2);
	assert_int_equal(c->cfg.scn.partitions[2].vcpus[0].cpu, 2);
	free(c);
}

/* --- parse robustness ------------------------------------------------------ */

/* Every prefix of a valid blob, in a buffer of exactly that size. */
static void cfg_parse__rejects_every_truncation(void **state)
{
	size_t size;
	uint8_t *blob = load_dtb("good", &size);
	struct cfg *cfg = calloc(1, sizeof(*cfg));
	struct scn_error err;

	(void)state;
	assert_non_null(cfg);
	for (size_t n = 0; n < size; n++) {
		uint8_t *cut = malloc(n > 0 ? n : 1);

		assert_non_null(cut);
		memcpy(cut, blob, n);
		if (cfg_parse(cut, n, cfg, &err)) {
			fail_msg("a blob cut to %zu of %zu bytes parsed", n,
				 size);
		}
		assert_string_equal(err.path, "/");
		free(cut);
	}
	assert_true(cfg_parse(blob, size, cfg, &err));
	free(cfg);
	free(blob);
}

/* Offset of the first FDT_PROP tag of a blob's structure block. */
static size_t first_prop(const uint8_t *blob)
{
	size_t off = fdt_off_dt_struct(blob);

	while (fdt32_ld((const fdt32_t *)(blob + off)) != FDT_PROP) {
		off += 4;
	}
	return off;
}

/*
 * A property length of 2^32 - 12 brings libfdt 1.6.1's fdt_next_tag() back
 * to the same tag, and fdt_check_full() looped forever on it. If this
 * regresses, the test hangs and the runner's timeout fails it.
 */
static void cfg_parse__rejects_a_property_length_that_wraps(void **state)
{
	size_t size;
	uint8_t *blob = load_dtb("good", &size);
	struct cfg *cfg = calloc(1, sizeof(*cfg));
	struct scn_error err;
	fdt32_t len = cpu_to_fdt32(0xfffffff4u);

	(void)state;
	assert_non_null(cfg);
	memcpy(blob + first_prop(blob) + 4, &len, 4);
	assert_false(cfg_parse(blob, size, cfg, &err));
	assert_string_equal(err.path, "/");
	assert_string_equal(err.msg,
			    "malformed device tree blob: FDT_ERR_BADSTRUCTURE");
	free(cfg);
	free(blob);
}

/*
 * The same blob claiming format version 10, where node names were full
 * paths: libfdt 1.6.1's fdt_check_full() dereferences NULL on its root
 * node, so the parser refuses versions before 16 first.
 */
static void cfg_parse__rejects_versions_before_16(void **state)
{
	size_t size;
	uint8_t *blob = load_dtb("good", &size);
	struct cfg *cfg = calloc(1, sizeof(*cfg));
	struct scn_error err;

	(void)state;
	assert_non_null(cfg);
	fdt_set_version(blob, 10);
	fdt_set_last_comp_version(blob, 2);
	assert_false(cfg_parse(blob, size, cfg, &err));
	assert_string_equal(err.path, "/");
	assert_string_equal(err.msg,
			    "malformed device tree blob: FDT_ERR_BADVERSION");
	free(cfg);
	free(blob);
}

/*
 * The same scenario with its structure block moved 1 to 3 bytes: libfdt
 * accepts it, and the parser must read its cells without an unaligned
 * load (undefined behaviour; UBSan aborts) and get the same tables.
 */
static void cfg_parse__reads_a_misaligned_structure_block(void **state)
{
	size_t size;
	uint8_t *blob = load_dtb("good", &size);
	struct cfg *want = calloc(1, sizeof(*want));
	struct cfg *got = calloc(1, sizeof(*got));
	struct scn_error err;

	(void)state;
	assert_non_null(want);
	assert_non_null(got);
	assert_true(cfg_parse(blob, size, want, &err));
	for (uint32_t shift = 1; shift < 4; shift++) {
		uint32_t at = fdt_off_dt_struct(blob);
		uint8_t *moved = calloc(1, size + shift);

		assert_non_null(moved);
		memcpy(moved, blob, at);
		memcpy(moved + at + shift, blob + at, size - at);
		fdt_set_totalsize(moved, (uint32_t)(size + shift));
		fdt_set_off_dt_struct(moved, at + shift);
		fdt_set_off_dt_strings(moved, fdt_off_dt_strings(blob) + shift);
		if (!cfg_parse(moved, size + shift, got, &err)) {
			fail_msg("moved by %u: %s: %s", shift, err.path,
				 err.msg);
		}
		assert_memory_equal(&got->scn, &want->scn, sizeof(got->scn));
		free(moved);
	}
	free(got);
	free(want);
	free(blob);
}

/* --- generated tables: compiled back, byte for byte -------------------------- */

static void round_trip(const char *name)
{
	struct compiled *c = compile_good(name);
	char dir[] = "/tmp/micacfg_test.XXXXXX";
	char src[64];
	char so[64];
	char cmd[512];
	const uint8_t *got;
	const uint8_t *want = (const uint8_t *)&c->cfg.scn;
	void *h;
	FILE *f;

	assert_non_null(mkdtemp(dir));
	snprintf(src, sizeof(src), "%s/tables.c", dir);
	snprintf(so, sizeof(so), "%s/tables.so", dir);
	f = fopen(src, "w");
	assert_non_null(f);
	assert_true(gen_tables(&c->cfg.scn, f));
	assert_int_equal(fclose(f), 0);
	/* The hypervisor's warnings, as errors, with the host compiler. */
	snprintf(cmd, sizeof(cmd),
		 "%s -std=c11 -Wall -Wextra -Werror -fPIC -shared -Ihyp/include "
		 "%s -o %s %s",
		 TOOLS_HOSTCC, TOOLS_ARCH_INCLUDES, so, src);
	if (system(cmd) != 0) {
		fail_msg("%s.dts: the generated tables do not compile: %s",
			 name, cmd);
	}
	h = dlopen(so, RTLD_NOW | RTLD_LOCAL);
	if (h == NULL) {
		fail_msg("dlopen %s: %s", so, dlerror());
	}
	got = dlsym(h, "mica_scenario");
	assert_non_null(got);
	for (size_t i = 0; i < sizeof(struct scenario); i++) {
		if (got[i] != want[i]) {
			fail_msg("%s.dts: generated tables differ from the parsed ones "
				 "at byte %zu of %zu: 0x%02x, not 0x%02x",
				 name, i, sizeof(struct scenario), got[i],
				 want[i]);
		}
	}
	dlclose(h);
	rm_tree(dir);
	free(c);
}

static void gen_tables__compile_to_the_parsed_tables(void **state)
{
	(void)state;
	round_trip("good");
	round_trip("good-gic2");
	round_trip("good-budget-100");
	round_trip("good-raw");
	round_trip("good-direct");
	round_trip("good-update");
}

/* Strings the C compiler would otherwise read differently: quotes,
 * backslashes, control and non-ASCII bytes, and trigraphs (-std=c11). */
static void gen_tables__escape_every_string(void **state)
{
	(void)state;
	round_trip("good-escapes");
}

/* --- payload --------------------------------------------------------------- */

static void assert_bytes(const uint8_t *got, const uint8_t *want, size_t n,
			 const char *what)
{
	if (memcmp(got, want, n) != 0) {
		fail_msg("the payload's %s differs from its file", what);
	}
}

static void gen_all__writes_images_where_the_tables_say(void **state)
{
	struct compiled *c = compile_good("good");
	const struct scenario *s = &c->cfg.scn;
	const struct scn_image *li = &s->partitions[0].image;
	const struct scn_image *rt = &s->partitions[1].image;
	char dir[] = "/tmp/micacfg_test.XXXXXX";
	char path[128];
	static uint8_t dtb[PLACE_DTB_MAX];
	uint8_t *payload;
	uint8_t *file;
	uint8_t *own;
	size_t size;
	size_t fsize;
	size_t dsize;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_true(gen_all(&c->cfg, &c->pi, dir, &c->err));
	snprintf(path, sizeof(path), "%s/payload.bin", dir);
	payload = read_whole(path, &size);
	assert_int_equal(size, s->board.payload.size);

	file = read_whole(FIX "Image", &fsize);
	assert_true(li->blob_offset + fsize <= size);
	assert_bytes(payload + li->blob_offset, file, fsize, "kernel");
	free(file);
	file = read_whole(FIX "initramfs.cpio.gz", &fsize);
	assert_int_equal(fsize, li->initrd_size);
	assert_bytes(payload + li->initrd_offset, file, fsize, "initramfs");
	free(file);
	/* rt's ELF: its one segment, wfe; b _start, at the image's start. */
	file = read_whole(FIX "tiny.elf", &fsize);
	assert_int_equal(c->pi.elf[1].segment_count, 1);
	assert_int_equal(c->pi.elf[1].segments[0].filesz, 8);
	assert_bytes(payload + rt->blob_offset,
		     file + c->pi.elf[1].segments[0].offset, 8, "ELF segment");
	free(file);
	/* linux's device tree: in the payload and beside it, the same. */
	assert_true(gen_guest_dtb(&c->cfg, 0, dtb, sizeof(dtb)));
	snprintf(path, sizeof(path), "%s/linux.dtb", dir);
	own = read_whole(path, &dsize);
	assert_int_equal(dsize, fdt_totalsize(dtb));
	assert_bytes(own, dtb, dsize, "linux.dtb");
	assert_bytes(payload + li->dtb_offset, dtb, dsize, "device tree");
	/* Native partitions get none. */
	snprintf(path, sizeof(path), "%s/rt.dtb", dir);
	assert_int_equal(access(path, F_OK), -1);
	free(own);
	free(payload);
	rm_tree(dir);
	free(c);
}

/* --- guest device trees ------------------------------------------------------ */

static const void *get_prop(const void *fdt, const char *path, const char *name,
			    int *len)
{
	int node = fdt_path_offset(fdt, path);
	const void *v;

	if (node < 0) {
		fail_msg("no node %s in the guest device tree", path);
	}
	v = fdt_getprop(fdt, node, name, len);
	if (v == NULL) {
		fail_msg("no property %s in %s", name, path);
	}
	return v;
}

static void assert_prop_bytes(const void *fdt, const char *path,
			      const char *name, const void *want, int len)
{
	int got_len;
	const void *got = get_prop(fdt, path, name, &got_len);

	if (got_len != len || memcmp(got, want, (size_t)len) != 0) {
		fail_msg("%s:%s is not what the scenario says", path, name);
	}
}

static void assert_prop_str(const void *fdt, const char *path, const char *name,
			    const char *want)
{
	assert_prop_bytes(fdt, path, name, want, (int)strlen(want) + 1);
}

static void assert_prop_u32(const void *fdt, const char *path, const char *name,
			    uint32_t want)
{
	fdt32_t v = cpu_to_fdt32(want);

	assert_prop_bytes(fdt, path, name, &v, sizeof(v));
}

static void assert_reg(const void *fdt, const char *path, uint64_t base,
		       uint64_t size)
{
	fdt64_t want[2] = { cpu_to_fdt64(base), cpu_to_fdt64(size) };

	assert_prop_bytes(fdt, path, "reg", want, sizeof(want));
}

/* Whether any "reg" of the tree holds the address pair (base, size). */
static bool reg_anywhere(const void *fdt, uint64_t base)
{
	int node;

	for (node = fdt_next_node(fdt, -1, NULL); node >= 0;
	     node = fdt_next_node(fdt, node, NULL)) {
		int len;
		const uint8_t *reg = fdt_getprop(fdt, node, "reg", &len);

		for (int i = 0; reg != NULL && i + 8 <= len; i += 8) {
			fdt64_t v;

			memcpy(&v, reg + i, 8);
			if (fdt64_to_cpu(v) == base) {
				return true;
			}
		}
	}
	return false;
}

static unsigned count_nodes(const void *fdt, const char *prop, const char *val)
{
	unsigned n = 0;
	int node;

	for (node = fdt_next_node(fdt, -1, NULL); node >= 0;
	     node = fdt_next_node(fdt, node, NULL)) {
		int len;
		const char *v = fdt_getprop(fdt, node, prop, &len);

		n += v != NULL && len == (int)strlen(val) + 1 &&
		     memcmp(v, val, (size_t)len) == 0;
	}
	return n;
}

static void check_linux_dtb(const char *scenario, const char *gic_compat,
			    uint64_t gic_second, uint64_t gic_second_size)
{
	struct compiled *c = compile_good(scenario);
	const struct scenario *s = &c->cfg.scn;
	const struct scn_partition *p = &s->partitions[0];
	static uint8_t buf[PLACE_DTB_MAX];
	fdt64_t initrd[2];
	fdt64_t shm[2];
	fdt32_t bell[3];
	fdt32_t virtio_irq[3] = { cpu_to_fdt32(0), cpu_to_fdt32(48 - 32),
				  cpu_to_fdt32(4) };
	fdt64_t gic_reg[4] = { cpu_to_fdt64(SCN_VGICD_BASE),
			       cpu_to_fdt64(0x10000), cpu_to_fdt64(gic_second),
			       cpu_to_fdt64(gic_second_size) };

	assert_true(gen_guest_dtb(&c->cfg, 0, buf, sizeof(buf)));
	assert_true(fdt_totalsize(buf) <= sizeof(buf));
	assert_int_equal(fdt_check_full(buf, fdt_totalsize(buf)), 0);

	/* Its memory and nothing else: the shared page is not its RAM. */
	assert_int_equal(count_nodes(buf, "device_type", "memory"), 1);
	assert_reg(buf, "/memory@40000000", p->regions[0].ipa,
		   p->regions[0].size);

	/* Its vCPUs, started by PSCI over HVC. */
	assert_int_equal(count_nodes(buf, "device_type", "cpu"), p->vcpu_count);
	assert_prop_str(buf, "/cpus/cpu@0", "enable-method", "psci");
	assert_prop_str(buf, "/cpus/cpu@1", "enable-method", "psci");
	assert_prop_str(buf, "/psci", "method", "hvc");

	/* The board's GIC version, as the virtual GIC. */
	assert_prop_str(buf, "/intc@8000000", "compatible", gic_compat);
	assert_prop_bytes(buf, "/intc@8000000", "reg", gic_reg,
			  sizeof(gic_reg));

	/* Its boot arguments and initramfs. */
	assert_prop_str(buf, "/chosen", "bootargs", "console=ttyAMA0");
	initrd[0] = cpu_to_fdt64(p->image.initrd_ipa);
	initrd[1] = cpu_to_fdt64(p->image.initrd_ipa + p->image.initrd_size);
	assert_prop_bytes(buf, "/chosen", "linux,initrd-start", &initrd[0], 8);
	assert_prop_bytes(buf, "/chosen", "linux,initrd-end", &initrd[1], 8);

	/* Its device, with its compatible, MMIO and SPI. */
	assert_prop_str(buf, "/virtio0@a000000", "compatible", "virtio,mmio");
	assert_reg(buf, "/virtio0@a000000", 0x0a000000, 0x1000);
	assert_prop_bytes(buf, "/virtio0@a000000", "interrupts", virtio_irq,
			  sizeof(virtio_irq));

	/*
	 * Its channels: linux is a of linux-rt (id 0) and b of pin-linux
	 * (id 1), each a PL061 in the channels' window with the channel's
	 * facts, its doorbell as the PL061's level interrupt.
	 */
	assert_int_equal(count_nodes(buf, "clock-names", "apb_pclk"), 2);
	assert_prop_bytes(buf, "/gpio@9100000", "compatible",
			  "arm,pl061\0arm,primecell",
			  sizeof("arm,pl061\0arm,primecell"));
	assert_reg(buf, "/gpio@9100000", SCN_VGPIO_BASE, 0x1000);
	assert_reg(buf, "/gpio@9101000", SCN_VGPIO_BASE + 0x1000, 0x1000);
	bell[0] = cpu_to_fdt32(0);
	bell[1] = cpu_to_fdt32(64 - 32);
	bell[2] = cpu_to_fdt32(4);
	assert_prop_bytes(buf, "/gpio@9100000", "interrupts", bell,
			  sizeof(bell));
	bell[1] = cpu_to_fdt32(65 - 32);
	assert_prop_bytes(buf, "/gpio@9101000", "interrupts", bell,
			  sizeof(bell));
	assert_prop_bytes(buf, "/gpio@9100000", "gpio-line-names",
			  "doorbell-in\0doorbell-out\0peer-up",
			  sizeof("doorbell-in\0doorbell-out\0peer-up"));
	assert_prop_u32(buf, "/gpio@9100000", "#gpio-cells", 2);
	assert_prop_u32(buf, "/gpio@9100000", "#interrupt-cells", 2);
	assert_non_null(fdt_getprop(buf, fdt_path_offset(buf, "/gpio@9100000"),
				    "interrupt-controller", NULL));
	assert_non_null(fdt_getprop(buf, fdt_path_offset(buf, "/gpio@9100000"),
				    "gpio-controller", NULL));
	assert_prop_str(buf, "/gpio@9100000", "mica,channel", "linux-rt");
	assert_prop_str(buf, "/gpio@9100000", "mica,peer", "rt");
	assert_prop_u32(buf, "/gpio@9100000", "mica,side", 0);
	assert_prop_u32(buf, "/gpio@9100000", "mica,direction", 1);
	shm[0] = cpu_to_fdt64(0x50000000);
	shm[1] = cpu_to_fdt64(0x10000);
	assert_prop_bytes(buf, "/gpio@9100000", "mica,shm", shm, sizeof(shm));
	assert_prop_str(buf, "/gpio@9101000", "mica,channel", "pin-linux");
	assert_prop_str(buf, "/gpio@9101000", "mica,peer", "pin");
	assert_prop_u32(buf, "/gpio@9101000", "mica,side", 1);
	assert_prop_u32(buf, "/gpio@9101000", "mica,direction", 2);
	shm[0] = cpu_to_fdt64(0x50010000);
	shm[1] = cpu_to_fdt64(s->channels[1].size);
	assert_prop_bytes(buf, "/gpio@9101000", "mica,shm", shm, sizeof(shm));
	/* The channels' memory is no RAM and no device of Linux's. */
	assert_false(reg_anywhere(buf, 0x50000000));
	assert_false(reg_anywhere(buf, 0x50010000));

	/* Not rt's device (rt's and pin's memory: the one memory node above). */
	assert_false(reg_anywhere(buf, s->partitions[1].devices[0].mmio.base));
	assert_true(fdt_path_offset(buf, "/gpio@a001000") < 0);
	free(c);
}

static void gen_guest_dtb__gicv3_shows_only_its_partition(void **state)
{
	(void)state;
	/* Two vCPUs: two 128 KiB redistributor frames. */
	check_linux_dtb("good", "arm,gic-v3", SCN_VGICR_BASE, 2 * 0x20000);
}

static void gen_guest_dtb__gicv2_shows_only_its_partition(void **state)
{
	(void)state;
	check_linux_dtb("good-gic2", "arm,cortex-a15-gic", SCN_VGICC_BASE,
			0x2000);
}

static void gen_guest_dtb__fails_when_it_does_not_fit(void **state)
{
	struct compiled *c = compile_good("good");
	uint8_t *small = malloc(512);

	(void)state;
	assert_non_null(small);
	assert_false(gen_guest_dtb(&c->cfg, 0, small, 512));
	free(small);
	free(c);
}

/*
 * A boot loader as the guest OS (configs/uboot.dts): a raw binary where
 * the source says, entered where it says, its device tree at the address
 * it asks for, and a device with no interrupt: in the tables, the payload
 * and the guest's device tree (a node without "interrupts").
 */
static void good_raw__loads_the_binary_and_its_dtb_where_it_says(void **state)
{
	struct compiled *c = compile_good("good-raw");
	const struct scn_partition *p = &c->cfg.scn.partitions[0];
	const struct scn_image *im = &p->image;
	char dir[] = "/tmp/micacfg_test.XXXXXX";
	char path[128];
	static uint8_t dtb[PLACE_DTB_MAX];
	uint8_t *payload;
	uint8_t *file;
	size_t size;
	size_t fsize;
	int len;

	(void)state;
	assert_int_equal(im->kind, SCN_IMAGE_RAW);
	assert_int_equal(im->load_ipa, 0x40200000);
	assert_int_equal(im->entry_ipa, 0x40200040);
	assert_int_equal(im->blob_size, 5000);
	assert_int_equal(im->initrd_size, 0);
	assert_int_equal(im->dtb_ipa, 0x40000000);
	assert_int_equal(im->dtb_size, PLACE_DTB_MAX);
	assert_int_equal(p->device_count, 2);
	assert_string_equal(p->devices[1].node, "flash");
	assert_int_equal(p->devices[1].irq_count, 0);
	assert_int_equal(p->devices[1].mmio.size, 0x04000000);

	assert_non_null(mkdtemp(dir));
	assert_true(gen_all(&c->cfg, &c->pi, dir, &c->err));
	snprintf(path, sizeof(path), "%s/payload.bin", dir);
	payload = read_whole(path, &size);
	file = read_whole(FIX "raw.bin", &fsize);
	assert_int_equal(fsize, 5000);
	assert_true(im->blob_offset + fsize <= size);
	assert_bytes(payload + im->blob_offset, file, fsize, "raw binary");
	free(file);
	free(payload);
	rm_tree(dir);

	assert_true(gen_guest_dtb(&c->cfg, 0, dtb, sizeof(dtb)));
	assert_int_equal(fdt_check_full(dtb, fdt_totalsize(dtb)), 0);
	assert_prop_str(dtb, "/flash@0", "compatible", "cfi-flash");
	assert_reg(dtb, "/flash@0", 0, 0x04000000);
	assert_null(fdt_getprop(dtb, fdt_path_offset(dtb, "/flash@0"),
				"interrupts", &len));
	/* The device with interrupts keeps them. */
	(void)get_prop(dtb, "/virtio0@a000000", "interrupts", &len);
	assert_int_equal(len, 12);
	free(c);
}

/* --- the command line ------------------------------------------------------ */

/* Runs micacfg with args; its output (both streams) into out. */
static int run_micacfg(const char *args, char *out, size_t size)
{
	char cmd[1024];
	FILE *p;
	size_t n;
	int st;

	snprintf(cmd, sizeof(cmd), "'%s' %s 2>&1", TOOLS_MICACFG, args);
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(out, 1, size - 1, p);
	out[n] = '\0';
	st = pclose(p);
	assert_true(WIFEXITED(st));
	return WEXITSTATUS(st);
}

static void cli__prints_source_node_and_message_and_exits_1(void **state)
{
	char out[512];
	int rc;

	(void)state;
	rc = run_micacfg("check '" TOOLS_OUT
			 "/bad-vcpu-unknown-prop.dtb' --source "
			 "tests/tools/scenarios/bad-vcpu-unknown-prop.dts",
			 out, sizeof(out));
	assert_int_equal(rc, 1);
	assert_string_equal(out,
			    "tests/tools/scenarios/bad-vcpu-unknown-prop.dts: "
			    "/partitions/pin/vcpus/vcpu0: unknown property "
			    "\"prioirty\"\n");
}

static void cli__rejects_a_file_that_is_no_dtb(void **state)
{
	char out[512];

	(void)state;
	assert_int_equal(run_micacfg("check tests/tools/scenarios/good.dts",
				     out, sizeof(out)),
			 1);
	assert_string_equal(out, "tests/tools/scenarios/good.dts: /: malformed "
				 "device tree blob: FDT_ERR_BADMAGIC\n");
}

static void cli__usage_exits_2(void **state)
{
	char out[512];

	(void)state;
	assert_int_equal(run_micacfg("frobnicate x.dtb", out, sizeof(out)), 2);
	assert_non_null(strstr(out, "usage: micacfg"));
}

/* --- main ------------------------------------------------------------------ */

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(good__passes_with_what_it_says),
		cmocka_unit_test(good_gic2__passes),
		cmocka_unit_test(good_update__places_the_standby_and_two_slots),
		cmocka_unit_test(
			scenario_check__refuses_update_memory_that_is_not_free),
		cmocka_unit_test(good_budget_100__passes_exactly_full_cpu),
		cmocka_unit_test(good_direct__sets_the_vcpu_flags),
		cmocka_unit_test(
			good_raw__loads_the_binary_and_its_dtb_where_it_says),
		cmocka_unit_test(cfg_parse__rejects_every_truncation),
		cmocka_unit_test(
			cfg_parse__rejects_a_property_length_that_wraps),
		cmocka_unit_test(cfg_parse__rejects_versions_before_16),
		cmocka_unit_test(cfg_parse__reads_a_misaligned_structure_block),
		cmocka_unit_test(gen_tables__compile_to_the_parsed_tables),
		cmocka_unit_test(gen_tables__escape_every_string),
		cmocka_unit_test(gen_all__writes_images_where_the_tables_say),
		cmocka_unit_test(gen_guest_dtb__gicv3_shows_only_its_partition),
		cmocka_unit_test(gen_guest_dtb__gicv2_shows_only_its_partition),
		cmocka_unit_test(gen_guest_dtb__fails_when_it_does_not_fit),
		cmocka_unit_test(
			cli__prints_source_node_and_message_and_exits_1),
		cmocka_unit_test(cli__rejects_a_file_that_is_no_dtb),
		cmocka_unit_test(cli__usage_exits_2),
	};
	const size_t nfixed = sizeof(fixed) / sizeof(fixed[0]);
	const size_t nbad = sizeof(bad_cases) / sizeof(bad_cases[0]);
	struct CMUnitTest *tests = calloc(nfixed + nbad, sizeof(*tests));
	char(*names)[64] = calloc(nbad, sizeof(*names));
	int failed;

	if (tests == NULL || names == NULL || chdir(TOOLS_ROOT) != 0) {
		fprintf(stderr, "micacfg_test: cannot start in %s\n",
			TOOLS_ROOT);
		return 1;
	}
	memcpy(tests, fixed, sizeof(fixed));
	for (size_t i = 0; i < nbad; i++) {
		snprintf(names[i], sizeof(names[i]), "%s.dts is rejected",
			 bad_cases[i].name);
		tests[nfixed + i] = (struct CMUnitTest){
			.name = names[i],
			.test_func = scenario__is_rejected,
			.initial_state = &bad_cases[i],
		};
	}
	failed = _cmocka_run_group_tests("micacfg", tests, nfixed + nbad, NULL,
					 NULL);
	free(names);
	free(tests);
	return failed;
}
