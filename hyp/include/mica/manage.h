/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Management hypercalls (manage.c): the calls by which one partition
 * manages another as the scenario's rights allow (include/mica/hypercall.h,
 * MICA_HC_PART_FIND to MICA_HC_READY, is their ABI; docs/update.md tells
 * what mica does for each).
 */
#ifndef MICA_MANAGE_H
#define MICA_MANAGE_H

#include "mica/hcall.h"
#include "mica/scenario.h"

struct vcpu;

/*
 * At setup (vm_setup_all()): the scenario whose rights the calls check; no
 * wipe has begun.
 */
void manage_init(const struct scenario *s);

/*
 * Management call fid (MICA_HC_PART_FIND to MICA_HC_READY) of vCPU v
 * with arguments a1 to a6, checked against the rights of v's partition over
 * the object a1 names: MICA_HC_INVALID_PARAMETER for an id out of range,
 * the caller's own or one it holds no right over; MICA_HC_DENIED for a
 * right it lacks or, but for a wipe or a query, a wiped object;
 * MICA_HC_NOT_REQUIRED when there is nothing to do; MICA_HC_IN_PROGRESS
 * for a wipe that goes on, or a start, switch or discard whose vCPUs did
 * not leave (call again). Each call on an updatable object first checks
 * its standby's health (a fault, the deadline: discarded). READY needs no
 * right: it acts on the caller, a booting standby, only. A refusal
 * changes nothing. Bounded: the rights table, one loader chunk or one
 * stage (MICA_STAGE_CHUNK bytes), and for a start, a switch or a discard
 * VCPU_STOP_WAIT_MS for each partition it stops. Any CPU, interrupts
 * masked.
 */
struct hc_result manage_call(struct vcpu *v, uint32_t fid, uint64_t a1,
			     uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5,
			     uint64_t a6);

#endif
