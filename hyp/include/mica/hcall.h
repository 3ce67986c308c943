/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mica's own hypercalls (include/mica/hypercall.h is their ABI and numbers
 * their function ids): a function id and six arguments in, six results
 * out, decoded here for every architecture; the port's trap handler takes
 * them from and puts them back in the guest's registers. An unknown id
 * answers MICA_HC_NOT_SUPPORTED; nothing a guest passes is trusted.
 */
#ifndef MICA_HCALL_H
#define MICA_HCALL_H

#include "mica/types.h"

struct vcpu;

struct hc_result {
	uint64_t x0;
	uint64_t x1;
	uint64_t x2;
	uint64_t x3;
	uint64_t x4;
	uint64_t x5;
};

/* Decodes and answers hypercall fid of vCPU v with arguments a1 to a6. */
struct hc_result hcall_handle(struct vcpu *v, uint32_t fid, uint64_t a1,
			      uint64_t a2, uint64_t a3, uint64_t a4,
			      uint64_t a5, uint64_t a6);

#endif
