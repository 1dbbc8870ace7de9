/* The management console on the UART (mgmt/). One CPU owns it at a time;
 * if that CPU dies, another online CPU takes it over. */
#ifndef ARMHV_CONSOLE_H
#define ARMHV_CONSOLE_H

#include <arch/types.h>

#define CONSOLE_PROMPT	"armhv> "
#define CONSOLE_LINE_MAX	256

/* Takes the console for the calling CPU and hooks it into the layers
 * below: it reads input as the owner CPU's idle work, moves to another
 * CPU when its owner dies or powers off, and stops its UART interrupt
 * before a next image takes the machine. */
void console_init(vaddr_t uart_va, unsigned uart_intid);
void console_prompt(void);
/* Stops the UART interrupt. */
void console_quiesce(void);
/* The CPU that reads the console. */
extern volatile unsigned console_owner;

/* Runs a command line (mgmt/commands.c). */
void console_run_line(char *line);

#endif
