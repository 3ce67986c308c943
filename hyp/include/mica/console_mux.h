/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The console multiplexer: one physical UART shared by the partitions.
 * Input: the keyboard belongs to one partition at a time (the focus);
 * every character typed goes to that partition's vuart, except the escape
 * Ctrl-] (0x1d) followed by one command character:
 *   1 .. 9   give the keyboard to partition N (as numbered by the list)
 *   l        list the partitions, their numbers and which has the keyboard
 *   s        the secure attention key: give the keyboard to the secure-input
 *            partition, if the scenario has one, whatever its number
 *   Ctrl-]   send one Ctrl-] to the partition that has the keyboard
 *   other    print this help
 * Ctrl-] because QEMU's -nographic takes Ctrl-A for itself, and telnet
 * users know it as an escape already.
 * Output: every partition's output is tagged "[name] ". Partitions without
 * the keyboard print whole lines; the one with it prints as it writes, so
 * that its prompt and the echo of what is typed show at once. A whole line
 * arriving while that partition's line is unfinished is printed on a line
 * of its own, and the unfinished line is then shown again below it.
 * Lock order: the input lock, then the output lock, then a vuart's lock,
 * then the console's; nothing here is called with a vuart's lock held.
 */
#ifndef MICA_CONSOLE_MUX_H
#define MICA_CONSOLE_MUX_H

#include "mica/spinlock.h"
#include "mica/types.h"

struct vuart;

#define CONSOLE_MUX_ESCAPE 0x1du /* Ctrl-] */

/*
 * A partition's allowance of the lines mica prints because of it (its
 * faults, resets, stops): a token bucket of CONSOLE_MUX_BURST lines, one
 * more each CONSOLE_MUX_REFILL_MS. More than the default restart limit
 * uses (3 restarts of 3 lines each), so only a partition that repeats
 * itself (a fault loop under policy log, resets under a loose restart
 * limit) meets it: then at most 2 lines (the line and the count of those
 * suppressed before it) each CONSOLE_MUX_REFILL_MS. All zero is a full
 * bucket; guarded by its own lock.
 */
#define CONSOLE_MUX_BURST 16u
#define CONSOLE_MUX_REFILL_MS 1000u

struct console_mux_budget {
	struct spinlock lock;
	uint64_t refilled;   /* arch_timer_now() at the last refill */
	unsigned spent;	     /* lines of the burst spent */
	uint32_t suppressed; /* lines dropped since the last one printed */
};

/*
 * Forgets every partition and the state of the screen; the state a boot
 * starts in (static initialisation gives the same). Not concurrently with
 * the other functions.
 */
void console_mux_init(void);

/*
 * Adds partition vm_id, whose console is u (initialised: its tag is the
 * name shown), numbered in the order added, and alive (input is delivered
 * to it). The first added gets the keyboard. secure_input: the scenario
 * marks it so (SCN_PART_SECURE_INPUT, one partition at most; were there
 * two, the last added would be the one). Returns false, changing nothing,
 * when SCN_MAX_PARTITIONS are added already or vm_id is.
 */
bool console_mux_add(unsigned vm_id, struct vuart *u, bool secure_input);

/*
 * MICA_HC_KEYBOARD for partition vm_id (op is the guest's x1, any value):
 * MICA_HC_KEYBOARD_TAKE gives it the keyboard, remembering who had it;
 * MICA_HC_KEYBOARD_GIVE_BACK gives the keyboard to that partition (the
 * first added if none was taken from) if vm_id has it. Each move prints
 * mica's line "mica: keyboard -> NAME (requested by|given back by NAME)";
 * a take when vm_id has the keyboard already prints it again, so that the
 * user sees it at every request. Returns MICA_HC_DENIED, changing and
 * printing nothing, unless vm_id is the secure-input partition;
 * MICA_HC_INVALID_PARAMETER for another op; MICA_HC_NOT_REQUIRED for a
 * give-back when vm_id does not have the keyboard; else MICA_HC_SUCCESS.
 * Not budgeted: the secure-input partition is trusted with the console,
 * and its own output is not budgeted either. Any CPU, interrupts masked;
 * O(1).
 */
int64_t console_mux_keyboard(unsigned vm_id, uint64_t op);

/*
 * Records whether partition vm_id runs. Input for a stopped partition is
 * dropped, saying so once per change of focus or of this state. Call it
 * with true after vuart_init() of a restarted partition: that gives its
 * vuart the keyboard back if it has it. Returns false if vm_id was never
 * added. Any CPU, interrupts masked.
 */
bool console_mux_set_alive(unsigned vm_id, bool alive);

/*
 * One character from the physical UART (its receive interrupt, any CPU,
 * interrupts masked). Returns true when the character went to partition
 * *vm_id (set only then) and that partition's vuart interrupt line is high:
 * the caller makes SCN_VUART_IRQ pending in it. Returns false when the
 * character was a command, was dropped (stopped partition, none added), or
 * left the line low. O(1), or O(partitions) for the list.
 */
bool console_mux_input(uint8_t c, unsigned *vm_id);

/*
 * Prints "[tag] text" as one line of the console: a line a partition
 * without the keyboard wrote to its vuart (vuart_mmio(), vuart_flush()).
 * O(line).
 */
void console_mux_line(const char *tag, const char *text);

/*
 * Prints c, already made safe by vuart_mmio(), as output of the partition
 * tagged tag that has the keyboard. The tag is printed before
 * the first character of each line. O(1), or O(line) after another
 * partition's output broke the line.
 */
void console_mux_raw(const char *tag, char c);

/*
 * Prints one line of mica's about the partition called name ('\n' added;
 * cut at CONSOLE_LINE_MAX) if its budget b allows, else counts it as
 * suppressed. always prints it whatever the budget (for a line a partition
 * causes at most once: its final stop), without spending any. A printed
 * line follows "mica: partition NAME: N lines about it suppressed" when
 * some were. What is printed starts a line of its own: an unfinished
 * line of the partition with the keyboard is ended first and shown again
 * below it. Returns whether it printed. Any CPU, interrupts masked, no
 * vuart lock held; O(line).
 */
bool console_mux_vm_say(struct console_mux_budget *b, const char *name,
			bool always, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
