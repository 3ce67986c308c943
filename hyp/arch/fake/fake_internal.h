/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the fake port's files share among themselves, not with tests (their
 * controls are in arch/fake.h).
 */
#ifndef FAKE_INTERNAL_H
#define FAKE_INTERNAL_H

#include "arch/fake.h"

/* Runs fake.hook once, then clears it, if it is set for `at`. */
void fake_hook_run(enum fake_hook_at at);

/* Parts of fake_reset(): the CPU identity and halting; the controller. */
void fake_cpu_reset(void);
void fake_irq_reset(void);

#endif
