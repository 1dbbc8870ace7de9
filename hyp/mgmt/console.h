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

/* `vm console NAME` (mgmt/cmd_vm.c): from the next input byte on, the
 * console's input goes to vm's UART and vm's output comes raw, until the
 * escape (Ctrl-], mgmt/attach.h) or until vm stops or is destroyed; then
 * one line says why and the prompt comes back. -EBUSY if attached. */
struct vm;
int console_attach(struct vm *vm);

/* Runs a command line (mgmt/commands.c). */
void console_run_line(char *line);

#endif
