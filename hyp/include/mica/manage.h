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
struct vm;

/*
 * At setup (vm_setup_all()): the scenario whose rights the calls check; no
 * wipe has begun.
 */
void manage_init(const struct scenario *s);

/*
 * A fault, SYSTEM_OFF or SYSTEM_RESET of vm, on the CPU of the vCPU that
 * made it, `how` it ended ("powered off"): if vm runs a version switched
 * to and still in its probation, and runs (no one stopped it meanwhile),
 * its old version is restarted in its stead (vm_switch_back(); one line
 * says so) and true is returned: the caller applies no fault policy and
 * leaves the vCPU. False, doing nothing, otherwise. Bounded as a
 * management call: the lock, then VCPU_STOP_WAIT_MS for vm's vCPUs.
 */
bool manage_probation_end(struct vm *vm, const char *how);

/*
 * Management call fid (MICA_HC_PART_FIND to MICA_HC_READY) of vCPU v
 * with arguments a1 to a6, checked against the rights of v's partition over
 * the object a1 names: MICA_HC_INVALID_PARAMETER for an id out of range,
 * the caller's own or one it holds no right over; MICA_HC_DENIED for a
 * right it lacks, a stage in probation or, but for a wipe or a query, a
 * wiped object; MICA_HC_NOT_REQUIRED when there is nothing to do;
 * MICA_HC_IN_PROGRESS for a wipe that goes on, or a start, switch,
 * rollback or discard whose vCPUs did not leave (call again). Each call
 * on an updatable object first checks its standby's health (a fault, the
 * deadline: discarded) and whether its probation has passed. READY needs
 * no right: it acts on the caller, a booting standby, only. A refusal
 * changes nothing. Bounded: the rights table, one loader chunk or one
 * stage (MICA_STAGE_CHUNK bytes), and for a start, a switch, a rollback
 * or a discard VCPU_STOP_WAIT_MS for each partition it stops. Any CPU,
 * interrupts masked.
 */
struct hc_result manage_call(struct vcpu *v, uint32_t fid, uint64_t a1,
			     uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5,
			     uint64_t a6);

#endif
