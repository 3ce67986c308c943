/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The few pieces of Xen's guest ABI (arm64) that xen-pingpong uses, and
 * nothing else of Xen's: the hypercall instruction, four hypercalls and
 * where the event-channel bits lie in the shared_info page. The values are
 * those of Xen 4.17's public headers, named as there, with the header each
 * comes from (xen/include/public/...); the structures are written here
 * from their documented layout (AAPCS64, little endian), not copied, and
 * their sizes and offsets are asserted.
 *
 * The calling convention (arch-arm.h): HVC with the immediate
 * XEN_HYPERCALL_TAG, the hypercall's number in x16, arguments in x0..x4,
 * the result in x0; Xen may clobber x16 and the argument registers.
 */
#ifndef XEN_PINGPONG_XEN_H
#define XEN_PINGPONG_XEN_H

#include <stddef.h>
#include <stdint.h>

/* arch-arm.h */
#define XEN_HYPERCALL_TAG 0xea1
#define XEN_LEGACY_MAX_VCPUS 1 /* vcpu_info slots in shared_info */
#define XEN_PAGE_SIZE 4096u

/* xen.h: hypercall numbers */
#define __HYPERVISOR_memory_op 12
#define __HYPERVISOR_xen_version 17
#define __HYPERVISOR_event_channel_op 32

/* xen.h */
#define DOMID_SELF 0x7ff0u

/* version.h: the call's result is (major << 16) | minor. */
#define XENVER_version 0

/* memory.h */
#define XENMEM_add_to_physmap 7
#define XENMAPSPACE_shared_info 0

/* event_channel.h */
#define EVTCHNOP_send 4

/* memory.h: struct xen_add_to_physmap (domid_t is uint16_t). */
struct xen_add_to_physmap {
	uint16_t domid;
	uint16_t size;	/* pages, for XENMAPSPACE_gmfn_range only */
	uint32_t space; /* XENMAPSPACE_* */
	uint64_t idx;	/* xen_ulong_t: 0, the one shared_info page */
	uint64_t gpfn;	/* xen_pfn_t: the guest frame it appears at */
};
_Static_assert(sizeof(struct xen_add_to_physmap) == 24, "xen_add_to_physmap");

/* event_channel.h: struct evtchn_send. */
struct evtchn_send {
	uint32_t port; /* evtchn_port_t */
};

/*
 * xen.h: struct shared_info begins with XEN_LEGACY_MAX_VCPUS struct
 * vcpu_info, then evtchn_pending[64] and evtchn_mask[64] (xen_ulong_t,
 * 64-bit on arm: the 2-level ABI's 4096 ports). On arm a vcpu_info is
 * evtchn_upcall_pending (uint8_t), a pad byte, evtchn_pending_sel
 * (xen_ulong_t, at 8), the empty struct arch_vcpu_info, and the 32-byte
 * struct vcpu_time_info: 48 bytes. vCPU 0's vcpu_info is the one in
 * shared_info until the guest registers another (VCPUOP_register_vcpu_info).
 */
#define XEN_VCPU_INFO_SIZE 48u
#define XEN_VCPU_INFO_UPCALL_PENDING 0u /* uint8_t */
#define XEN_VCPU_INFO_PENDING_SEL 8u	/* uint64_t */
#define XEN_SHARED_INFO_EVTCHN_PENDING \
	(XEN_LEGACY_MAX_VCPUS * XEN_VCPU_INFO_SIZE) /* uint64_t[64] */
#define XEN_EVTCHN_2L_PORTS 4096u

#endif
