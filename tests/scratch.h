/*
 * scratch.h - a scratch folder for a unit-test program: made before its
 * tests (cmocka group setup), removed with what is in it after them.
 */
#ifndef JX_TEST_SCRATCH_H
#define JX_TEST_SCRATCH_H

#include <stdio.h>
#include <stdlib.h>

static char tmpdir[64];

static int scratch_setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/jx_test_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int scratch_teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd);
}

#endif
