/*
 * serve.h - `jixiao serve`: the command's entry, called by main.c.
 */
#ifndef JX_SERVE_H
#define JX_SERVE_H

#include "jixiao.h"

/* Run the server until SIGTERM or SIGINT.  argv is main's; argv[at] is
 * the word "serve", and every other argument is an option of serve's.
 * Returns the exit code: 0 after a graceful stop, 2 when it could not
 * start. */
int jxs_main(int argc, char **argv, int at, jx_lang lang);

#endif
