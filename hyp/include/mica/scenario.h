/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A scenario: the whole system mica runs (board, partitions, channels,
 * rights, images), as the host tool (tools/micacfg) compiles it from a
 * device-tree source in configs/ and as the hypervisor receives it, a
 * `const struct scenario` generated into its image. Fixed-size arrays and
 * indexes only, no pointers: the same bytes mean the same thing on the host
 * and in the hypervisor, and every count is bounded by the array it counts.
 *
 * docs/scenario.md documents the source format; this file is the compiled
 * form. The checks that make a scenario safe to boot are in
 * scenario_check.h, shared by the tool and the hypervisor. What is about
 * the architecture (its interrupt controller, where a partition sees its
 * emulated devices, which interrupt ids a device may own) is the port's
 * section, arch/scenario_defs.h (see arch/scenario.h).
 */
#ifndef MICA_SCENARIO_H
#define MICA_SCENARIO_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/scenario_defs.h"

#define SCN_MAGIC 0x6d696361u /* "mica" */
#define SCN_VERSION 3u

#define SCN_NAME_MAX 16 /* including the NUL */
#define SCN_PATH_MAX 96
#define SCN_CMDLINE_MAX 256
#define SCN_MAX_RAM 4
#define SCN_MAX_RESERVED 4
#define SCN_MAX_CPUS 8
#define SCN_MAX_PARTITIONS 8
#define SCN_MAX_VCPUS 8
/* vCPUs that one CPU may host, of all partitions: its run queue's size. */
#define SCN_MAX_CPU_VCPUS 8u
#define SCN_MAX_REGIONS 8
#define SCN_MAX_DEVICES 8
#define SCN_MAX_DEVICE_IRQS 4
#define SCN_MAX_CHANNELS 16
#define SCN_MAX_RIGHTS 16

/*
 * Restart limit: at most restart_max restarts (by fault policy or asked
 * for by the guest's system reset call) in any restart_window_ms; the
 * next one stops the partition for good. micacfg's default when the
 * scenario names none.
 */
#define SCN_MAX_RESTARTS 16u
#define SCN_RESTART_WINDOW_MAX_MS 86400000u /* a day */
#define SCN_RESTART_MAX_DEFAULT 3u
#define SCN_RESTART_WINDOW_DEFAULT_MS 60000u

/* vCPU priorities: larger runs first. */
#define SCN_PRIO_MIN 1u
#define SCN_PRIO_MAX 99u

/* A partition's index, or "none". */
#define SCN_NONE 0xffu

enum scn_kind {
	SCN_KIND_GUEST_OS = 1, /* an unmodified OS (Linux), given its own DTB */
	SCN_KIND_NATIVE = 2,   /* bare-metal code on libmica */
};

enum scn_fault_policy {
	SCN_FAULT_STOP = 1,    /* stop the partition, keep its memory */
	SCN_FAULT_RESTART = 2, /* scrub and boot it again */
	SCN_FAULT_LOG = 3,     /* inject the abort into the guest and log */
};

enum scn_direction {
	SCN_DIR_BOTH = 1,
	SCN_DIR_A_TO_B = 2, /* a writes, b only reads */
	SCN_DIR_B_TO_A = 3,
};

/*
 * Management rights one partition may hold over another (manage.c checks
 * them on every management call): start, stop, stage, switch and wipe.
 */
#define SCN_RIGHT_START (1u << 0)
#define SCN_RIGHT_STOP (1u << 1)
#define SCN_RIGHT_STAGE (1u << 2)
#define SCN_RIGHT_SWITCH (1u << 3)
#define SCN_RIGHT_WIPE (1u << 4)
#define SCN_RIGHT_ALL 0x1fu

/*
 * Partition flags. SECURE_INPUT: the partition may take the console's
 * keyboard (MICA_HC_KEYBOARD), and the secure attention key gives it the
 * keyboard; one partition at most.
 */
#define SCN_PART_SECURE_INPUT (1u << 0)
/*
 * UPDATABLE: the partition has an update node (struct scn_update): a
 * standby copy of its memory and two image slots. DOWNGRADE: a staged
 * image's version may be lower than the running one's (allow-downgrade).
 */
#define SCN_PART_UPDATABLE (1u << 1)
#define SCN_PART_DOWNGRADE (1u << 2)
#define SCN_PART_FLAGS 0x7u

/*
 * Updatable partitions a scenario may have: mica keeps a whole partition
 * object (a struct vm) for each one's standby.
 */
#define SCN_MAX_UPDATABLE 2u

/* The longest health deadline and probation period: ten minutes. */
#define SCN_UPDATE_MS_MAX 600000u

/* Memory region flags. */
#define SCN_MEM_READ_ONLY (1u << 0) /* mapped without write permission */
#define SCN_MEM_SHARED (1u << 1)    /* may overlap regions of `shared_with` */

enum scn_image_kind {
	SCN_IMAGE_NONE = 0,
	SCN_IMAGE_LINUX = 1, /* Linux's Image, optional initramfs, own DTB */
	SCN_IMAGE_ELF = 2,   /* native partition, static ELF */
	SCN_IMAGE_RAW = 3, /* guest OS: a raw binary (a boot loader), own DTB */
};

/* A physical range [base, base + size). */
struct scn_range {
	uint64_t base;
	uint64_t size;
};

struct scn_board {
	char platform[SCN_NAME_MAX]; /* e.g. "qemu,virt" */
	struct scn_range ram[SCN_MAX_RAM];
	uint32_t ram_count;
	struct scn_range hypervisor; /* mica's own memory; never a partition's */
	/*
	 * The partition images, loaded by the boot loader right after the
	 * hypervisor (they follow it in mica's image file) and copied into
	 * the partitions at boot; no partition memory may overlap them.
	 */
	struct scn_range payload;
	uint32_t cpu_count;
	struct scn_arch arch; /* the port's section */
	/*
	 * MMIO the hypervisor keeps (its interrupt controller, its UART);
	 * never passed through.
	 */
	struct scn_range reserved[SCN_MAX_RESERVED];
	uint32_t reserved_count;
};

/*
 * vCPU flags. DIRECT: it takes its own physical interrupts itself, with no
 * exit to mica (docs/direct.md); DIRECT_ACK: the scenario accepts what the
 * port leaves open in that mode (a direct vCPU may be able to hold back
 * mica's interrupts on its CPU), without which the port refuses DIRECT.
 */
#define SCN_VCPU_DIRECT (1u << 0)
#define SCN_VCPU_DIRECT_ACK (1u << 1)

struct scn_vcpu {
	uint32_t cpu;	    /* physical CPU index, 0 .. cpu_count-1 */
	uint32_t priority;  /* SCN_PRIO_MIN .. SCN_PRIO_MAX */
	uint32_t budget_us; /* 0: no budget (runs whenever it is highest) */
	uint32_t period_us; /* with a budget: its replenishment period */
	uint32_t flags;	    /* SCN_VCPU_* */
};

struct scn_region {
	char node[SCN_NAME_MAX]; /* source node name, for messages */
	uint64_t ipa;		 /* where the partition sees it */
	uint64_t pa;		 /* where it is */
	uint64_t size;
	uint32_t flags;	     /* SCN_MEM_* */
	uint8_t shared_with; /* partition index with SCN_MEM_SHARED */
};

struct scn_device {
	char node[SCN_NAME_MAX];
	struct scn_range mmio; /* passed through at the same address */
	uint32_t irqs[SCN_MAX_DEVICE_IRQS];
	uint32_t irq_count; /* 0 to SCN_MAX_DEVICE_IRQS: some have none */
};

/*
 * Bytes of /chosen/rng-seed in a guest OS's generated device tree (Linux
 * counts 32 as a full seed, and 256 bits is the DRBG's strength): filled
 * at every load with a fresh draw (vm.c, entropy.h).
 */
#define SCN_RNG_SEED_SIZE 32u

struct scn_image {
	uint32_t kind; /* enum scn_image_kind */
	uint64_t load_ipa; /* where it is loaded; chosen by the tool if "anywhere" */
	uint64_t entry_ipa;
	uint64_t blob_offset; /* into the hypervisor's embedded image blob */
	uint64_t blob_size;
	uint64_t initrd_ipa;
	uint64_t initrd_offset;
	uint64_t initrd_size;
	uint64_t dtb_ipa; /* guest OS only: its generated device tree */
	uint64_t dtb_offset;
	uint64_t dtb_size;
	char cmdline[SCN_CMDLINE_MAX];
};

/*
 * What an updatable partition has (SCN_PART_UPDATABLE), all placed by the
 * tool in free RAM, page aligned: a standby copy of each of its regions
 * (the same IPAs and sizes, other physical memory) where a new version
 * boots beside the running one, and two image slots of image_size bytes
 * (one holds the image being staged, the other the running version's, kept
 * for a rollback). docs/update.md tells how mica uses them.
 */
struct scn_update {
	uint32_t standby_priority; /* the standby's vCPUs' while it boots */
	uint32_t deadline_ms;	   /* to report ready, from its start */
	uint32_t probation_ms;	   /* after a switch: a fault rolls back */
	uint64_t image_size;	   /* of each slot */
	uint64_t slot_pa[2];
	uint64_t standby_pa[SCN_MAX_REGIONS]; /* regions[i]'s standby copy */
};

struct scn_partition {
	char name[SCN_NAME_MAX];
	uint32_t kind;	       /* enum scn_kind */
	uint32_t fault_policy; /* enum scn_fault_policy */
	uint32_t flags;	       /* SCN_PART_* */
	uint32_t restart_max;  /* 0 to SCN_MAX_RESTARTS; 0: never restarts */
	uint32_t restart_window_ms; /* 1 to SCN_RESTART_WINDOW_MAX_MS */
	uint64_t version;	    /* of its built-in image; default 1 */
	struct scn_vcpu vcpus[SCN_MAX_VCPUS];
	uint32_t vcpu_count;
	struct scn_region regions[SCN_MAX_REGIONS];
	uint32_t region_count;
	struct scn_device devices[SCN_MAX_DEVICES];
	uint32_t device_count;
	struct scn_image image;
	struct scn_update update; /* with SCN_PART_UPDATABLE */
};

struct scn_channel {
	char name[SCN_NAME_MAX];
	uint8_t a; /* partition indexes, a != b */
	uint8_t b;
	uint32_t direction; /* enum scn_direction */
	uint64_t pa; /* shared memory, page aligned, chosen by the tool */
	uint64_t size;
	uint64_t ipa_a; /* where each side sees it */
	uint64_t ipa_b;
	uint32_t doorbell_a; /* virtual interrupt rung in a */
	uint32_t doorbell_b; /* virtual interrupt rung in b */
};

struct scn_right {
	char name[SCN_NAME_MAX];
	uint8_t subject; /* partition index that holds the right */
	uint8_t object;	 /* partition index it acts on */
	uint32_t allow;	 /* SCN_RIGHT_* */
};

struct scenario {
	uint32_t magic;	  /* SCN_MAGIC */
	uint32_t version; /* SCN_VERSION */
	char name[SCN_NAME_MAX * 2];
	struct scn_board board;
	struct scn_partition partitions[SCN_MAX_PARTITIONS];
	uint32_t partition_count;
	struct scn_channel channels[SCN_MAX_CHANNELS];
	uint32_t channel_count;
	struct scn_right rights[SCN_MAX_RIGHTS];
	uint32_t right_count;
};

#endif
