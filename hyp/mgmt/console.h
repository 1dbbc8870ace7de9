/* The management console on the UART (mgmt/). One CPU owns it at a time;
 * if that CPU dies, another online CPU takes it over. */
#ifndef ARMHV_CONSOLE_H
#define ARMHV_CONSOLE_H

#include <lib/types.h>

#define CONSOLE_PROMPT	"armhv> "
#define CONSOLE_LINE_MAX	256

void console_init(vaddr_t uart_va, unsigned uart_intid);
/* Reads what the UART has; runs a command on end of line. Returns true if
 * it consumed any input. Only the owner calls it. */
bool console_poll(void);
void console_prompt(void);
/* Hands the console to another online CPU (called by an owner that dies
 * or powers off; from_is_leaving: it is powering off). */
void console_hand_over(unsigned from_cpu, bool from_is_leaving);
/* Run by a new owner: finishes a hand-over (prompt once the old owner is
 * off). */
void console_settle(void);

/* Stops the UART interrupt, before a next image takes the machine. */
void console_quiesce(void);

/* Commands (mgmt/commands.c). */
void console_run_line(char *line);

#endif
