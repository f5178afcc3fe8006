/*
 * cli.h - what the command's source files share (internal to the jixiao
 * executable, which otherwise sees only the public header).
 */
#ifndef JX_CLI_H
#define JX_CLI_H

#include <stddef.h>

/* Exit codes: 0 the job was done and nothing of severity error was
 * found; 1 findings of severity error; 2 the job could not be done. */
enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_FAILED = 2 };

/* jixiao batch (batch.c): parses its own arguments, argv as main got it. */
int cmd_batch(int argc, char **argv);

#endif
